import { ConfigError, type ProgressSink, Rng, silentProgress } from '@l2p/runtime';
import { cloneWeights, countModel, disposeWeights, filterCount, type ModelDescription, unitNames, type Weights } from '@l2p/models';
import { keptCount, keptIndices } from '../agent/masks';
import { networkMetrics } from '../evaluate/network-metric';
import { deciderFor } from '../deciders/registry';
import type { LayerRow, UpdateRow } from '../results/schema';
import { encodeJobId } from '../runs/job-id';
import { BatchNormPolicy } from './bn-policy';
import { Budget } from './budget';
import { FINAL_FINE_TUNE, type PruneRunOptions } from './pipeline-options';
import { layerRow, updateRows } from './result-rows';
import { type FinalFineTuneOutcome, hasCheckpoint, initialState, type PipelineState, resumeState, saveCheckpoint } from './run-checkpoint';
import { cutAndCheck, decide, type Measure, type Network, type RunScope } from './unit-step';

export { PIPELINE_STATE_JSON, type FinalFineTuneOutcome } from './run-checkpoint';

export interface PruneRunResult {
  description: ModelDescription;
  /** Owned by the caller. */
  weights: Weights;
  layerRows: LayerRow[];
  updateRows: UpdateRow[];
  /** Reward-split metric of the base network and of the final one. */
  pBase: number;
  pFinal: number;
  /** The base and final networks' metric on the split the budget contract is checked on (guard, else reward). */
  contractBefore: number;
  contractAfter: number;
  /** Reward-split metric after the last unit, before the final fine-tuning. */
  pBeforeFinal: number;
  finalFineTune: FinalFineTuneOutcome;
  resumedAt: number;
}

/** The units a run prunes, checked: every one a unit of the description, and a keep count for each when the method needs one. */
function unitsOf(options: PruneRunOptions, needsCount: boolean): string[] {
  const units = options.layers ?? unitNames(options.description);
  for (const unit of units) filterCount(options.description, unit); // throws on a name that is no unit
  const missing = needsCount ? units.filter((u) => options.keepCounts?.[u] === undefined) : [];
  if (missing.length > 0) throw new ConfigError(`method '${options.method}' keeps as many filters as the agent did; no keep count for ${missing.join(', ')}`);
  if (!needsCount && options.b === undefined) {
    throw new ConfigError(`method '${options.method}' chooses its own counts: it needs b (only fixed plans, given their counts, have none)`);
  }
  return units;
}

/**
 * The paper's procedure for one (method, b, seed): for each unit from input to output, decide a mask, cut the
 * filters for real, fine-tune, check the contract (unit-step.ts), go on. Checkpoints after every unit (model + rows,
 * in one atomic directory), so a killed run resumes at the unit it was in with no lost or duplicated rows.
 */
export async function runPruning(options: PruneRunOptions): Promise<PruneRunResult> {
  const progress: ProgressSink = options.progress ?? silentProgress;
  const decider = deciderFor(options.method);
  const units = unitsOf(options, decider.needsCount);
  const label = options.label ?? options.method;
  const runId = options.runId ?? (options.b === undefined ? label : encodeJobId({ kind: 'prune', method: options.method, b: options.b, seed: options.seed }));
  const rng = new Rng(options.seed);
  const bn = new BatchNormPolicy(options.scoring, options.trainSample);
  const engine = options.engine ?? 'tfjs';
  const measure: Measure = async (network, withGuard = true) => {
    // The guard split when there is one (no agent chose a mask by it), else the reward split's p again.
    const guard = withGuard ? options.guard : undefined;
    const [p, guardP] = await networkMetrics(network.description, network.weights, guard ? [options.reward, guard] : [options.reward], engine);
    return { p, contract: guard ? guardP : p };
  };

  let network: Network = { description: options.description, weights: cloneWeights(options.weights) };
  // Measured on the unpruned network before any checkpoint replaces it: both are the base of every later check.
  const base = await measure(network);
  const budget = new Budget(options.b, options.budgetPolicy, base.contract);
  const guarded = budget.guards(decider.needsCount);
  const identity = { method: options.method, b: options.b ?? null, seed: options.seed, layers: units };
  let state: PipelineState;
  if (options.resume && hasCheckpoint(options.checkpointDir)) {
    const resumed = await resumeState(options.checkpointDir, identity);
    disposeWeights(network.weights);
    network = { description: resumed.description, weights: resumed.weights };
    state = resumed.state;
  } else {
    state = initialState({ ...identity, p: base.p });
  }
  const resumedAt = state.done;
  const task = progress.start(`prune ${runId}`, units.length, 'layer');
  const scope: RunScope = { options, decider, budget, guarded, bn, measure, task };
  if (resumedAt > 0) task.tick(resumedAt, `resumed after ${units[resumedAt - 1]}`);
  for (let index = state.done; index < units.length; index++) {
    const unit = units[index];
    const started = Date.now();
    const n = filterCount(network.description, unit);
    const pReference = budget.candidateReference(base.p, state.p);
    const decision = await decide(scope, network, unit, pReference, rng.fork(`layer-${unit}`));
    const cut = await cutAndCheck(scope, network, unit, index, decision, state.p);
    network = cut.network;
    const kept = keptIndices(cut.accepted);
    const count = countModel(network.description);
    const outcome = { runId, method: label, b: options.b ?? null, seed: options.seed, index, unit, filtersBefore: n, kept, pBefore: state.p, pReference, decision };
    state.layerRows.push(
      layerRow({ ...outcome, pAfter: cut.pAfter, params: count.params, macs: count.macs, guardRestored: guarded ? kept.length - keptCount(decision.mask) : null, fineTunes: cut.fineTunes, wallMs: Date.now() - started }),
    );
    state.updateRows.push(...updateRows(outcome));
    state.p = cut.pAfter;
    state.done = index + 1;
    await saveCheckpoint(options.checkpointDir, network, state);
    task.tick(1, `${unit}: kept ${kept.length}/${n}, p̂ ${decision.pHat.toFixed(2)} → ${cut.pAfter.toFixed(2)} after fine-tuning`);
    await options.onLayerDone?.(index);
  }
  let contractAfter: number | undefined;
  if (state.finalFineTune === null) {
    const final = await finalFineTune(scope, network, state, units.length);
    network = final.network;
    contractAfter = final.contract;
    await saveCheckpoint(options.checkpointDir, network, state);
  }
  task.done();
  bn.dispose();
  return {
    ...network,
    layerRows: state.layerRows,
    updateRows: state.updateRows,
    pBase: base.p,
    pFinal: state.p,
    contractBefore: base.contract,
    contractAfter: options.guard ? (contractAfter ?? (await measure(network)).contract) : state.p,
    pBeforeFinal: state.pBeforeFinal ?? state.p,
    finalFineTune: state.finalFineTune ?? 'none',
    resumedAt,
  };
}

/**
 * Step 5, the fine-tuning of the whole network after the last unit (when the run has one): kept when it stays within
 * b (it nearly always helps), discarded otherwise. Updates `state`; returns the network and, when accepted, its
 * contract measure (measured once).
 */
async function finalFineTune(scope: RunScope, network: Network, state: PipelineState, units: number): Promise<{ network: Network; contract?: number }> {
  state.pBeforeFinal = state.p;
  state.finalFineTune = 'none';
  await scope.options.beforeFinalFineTune?.(network);
  const tuner = scope.options.finalFineTune;
  if (!tuner) return { network };
  const fineTuned = await tuner(network.description, network.weights, { layer: FINAL_FINE_TUNE, layerIndex: units });
  const tuned = fineTuned !== network.weights ? scope.bn.settle(network.description, fineTuned) : fineTuned;
  const { p, contract } = await scope.measure({ description: network.description, weights: tuned });
  if (scope.guarded && !scope.budget.finalWithin(contract)) {
    if (tuned !== network.weights) disposeWeights(tuned);
    state.finalFineTune = 'rejected';
    return { network };
  }
  if (tuned !== network.weights) disposeWeights(network.weights);
  state.p = p;
  state.finalFineTune = 'accepted';
  return { network: { description: network.description, weights: tuned }, contract };
}

/** Per-unit keep counts of a finished run, for the count-matched baselines. */
export function keepCountsOf(rows: readonly LayerRow[]): Record<string, number> {
  return Object.fromEntries(rows.map((r) => [r.layer, r.filters_after as number]));
}
