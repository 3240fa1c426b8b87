import { ConfigError, ProgressSink, Rng, silentProgress } from '@l2p/runtime';
import * as tf from '@tensorflow/tfjs';
import {
  cloneWeights,
  countModel,
  disposeWeights,
  batchNormsAfter,
  loadModel,
  ModelDescription,
  readCheckpointJson,
  recalibrateBatchNorm,
  saveModel,
  Weights,
} from '@l2p/models';
import * as fs from 'fs';
import { keptCount, keptIndices } from '../agent/masks';
import { CandidateEvaluator } from '../evaluate/candidate-evaluator';
import { createUnitEvaluator, pruneUnits, removeUnit, unitFilterCount, unitKernel } from './prune-units';
import { networkMetrics } from '../evaluate/network-metric';
import { DeciderContext } from '../deciders/decider';
import { deciderFor } from '../deciders/registry';
import { LayerRow, UpdateRow } from '../results/schema';
import { resolveScoringOptions } from '../evaluate/scoring-options';
import { resolveBudgetOptions } from './budget-options';
import { backoffMasks, keepsAll } from './contract-guard';
import { FINAL_FINE_TUNE, PruneRunOptions } from './pipeline-options';
import { encodeJobId } from '../runs/job-id';

export const PIPELINE_STATE_JSON = 'pipeline-state.json';

/** What a checkpoint holds besides the model: enough to continue at the next layer with nothing lost or repeated. */
interface PipelineState {
  method: string;
  /** null for a fixed plan (no b); checkpoints written before b could be absent have 0 there. */
  b: number | null;
  seed: number;
  layers: string[];
  /** Layers finished (their rows are in `layerRows`). */
  done: number;
  /** Reward-split metric of the checkpointed network. */
  p: number;
  /** Reward-split metric of the network before the final fine-tuning (set once every layer is done). */
  pBeforeFinal: number | null;
  finalFineTune: FinalFineTuneOutcome | null;
  layerRows: LayerRow[];
  updateRows: UpdateRow[];
}

/** What became of the fine-tuning after the last layer. */
export type FinalFineTuneOutcome = 'accepted' | 'rejected' | 'none';

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
  contractBase: number;
  contractFinal: number;
  /** Reward-split metric after the last layer, before the final fine-tuning. */
  pBeforeFinal: number;
  finalFineTune: FinalFineTuneOutcome;
  resumedAt: number;
}

/**
 * The paper's procedure for one (method, b, seed): for each layer from input to output, decide a mask, remove the
 * filters for real, fine-tune, re-measure p, go on. Checkpoints after every layer (model + rows, in one atomic
 * directory), so a killed run resumes at the layer it was in with no lost or duplicated rows.
 */
export async function runPruning(options: PruneRunOptions): Promise<PruneRunResult> {
  const progress: ProgressSink = options.progress ?? silentProgress;
  const decider = deciderFor(options.method);
  // Layers, or channel groups for a description pruned through them (see prune-units.ts).
  const layers = options.layers ?? pruneUnits(options.description);
  for (const layer of layers) unitFilterCount(options.description, layer); // throws on a non-prunable layer
  if (decider.needsCount) {
    const missing = layers.filter((l) => options.keepCounts?.[l] === undefined);
    if (missing.length > 0) {
      throw new ConfigError(`method '${options.method}' keeps as many filters as the agent did; no keep count for ${missing.join(', ')}`);
    }
  } else if (options.b === undefined) {
    throw new ConfigError(`method '${options.method}' chooses its own counts: it needs b (only fixed plans, given their counts, have none)`);
  }
  const label = options.label ?? options.method;
  const runId = options.runId ?? (options.b === undefined ? label : encodeJobId({ kind: 'prune', method: options.method, b: options.b, seed: options.seed }));
  const rng = new Rng(options.seed);

  const budget = resolveBudgetOptions(options.budget);
  // Only a method that chooses its own counts can be held to b; baselines follow the agent's counts.
  const guarded = budget.guard === 'backtrack' && !decider.needsCount;
  const scoring = resolveScoringOptions(options.scoring);
  if (options.description.groups && scoring.batchNorm === 'recalibrate') {
    throw new ConfigError(
      "scoring.batchNorm 'recalibrate' re-estimates the BN layers after one cut; a channel group's members sit in several places, so group runs score with 'moving'",
    );
  }
  if (scoring.batchNorm === 'recalibrate' && !options.trainSample) {
    throw new ConfigError("scoring.batchNorm 'recalibrate' needs training images (PruneRunOptions.trainSample)");
  }
  const recalibrateCuts = scoring.batchNorm === 'recalibrate';
  // A group run scores on the moving statistics, but still re-estimates every BN after each fine-tuning (when it
  // has training images): a short fine-tuning leaves running averages of weights that kept moving.
  const settleAfterFineTune = scoring.afterFineTune && (recalibrateCuts || (options.description.groups !== undefined && options.trainSample !== undefined));
  // The train sample as one batch: BN statistics are re-estimated over all of it at once.
  const sampleImages = (recalibrateCuts || settleAfterFineTune) && options.trainSample ? tf.concat(options.trainSample.batches.map((b) => b.x)) : null;
  /** The cut network as the agent judged it: BN layers after the cut re-estimated on the train sample. */
  const prepareCut = (cut: { description: ModelDescription; weights: Weights }, layer: string): Weights => {
    if (!sampleImages || !recalibrateCuts) return cut.weights;
    const only = batchNormsAfter(cut.description, layer);
    const recalibrated = recalibrateBatchNorm(cut.description, cut.weights, sampleImages as tf.Tensor4D, { only });
    // The replaced statistics are no longer referenced.
    for (const [name, t] of Object.entries(cut.weights)) if (recalibrated[name] !== t) t.dispose();
    return recalibrated;
  };
  /** A fine-tuned network with every BN re-estimated on the train sample (when scoring.afterFineTune). */
  const settle = (d: ModelDescription, tuned: Weights): Weights => {
    if (!sampleImages || !settleAfterFineTune) return tuned;
    const recalibrated = recalibrateBatchNorm(d, tuned, sampleImages as tf.Tensor4D);
    for (const [name, t] of Object.entries(tuned)) if (recalibrated[name] !== t) t.dispose();
    return recalibrated;
  };

  let description = options.description;
  let weights = cloneWeights(options.weights);
  let state: PipelineState;
  const engine = options.engine ?? 'tfjs';
  /**
   * p on the reward split and the contract's measure from one network: the guard split when there is one (no agent
   * chose a mask by it) and `withGuard`, else the reward split's p again.
   */
  const measure = async (d: ModelDescription, w: Weights, withGuard = true): Promise<{ p: number; contract: number }> => {
    const guard = withGuard ? options.guard : undefined;
    const [p, guardP] = await networkMetrics(d, w, guard ? [options.reward, guard] : [options.reward], engine);
    return { p, contract: guard ? guardP : p };
  };
  // Measured on the unpruned network before any checkpoint replaces it: both are the base of every later check.
  const base = await measure(description, weights);
  const pBase = base.p;
  const contractBase = base.contract;
  const ckpt = options.checkpointDir;
  if (options.resume && ckpt && fs.existsSync(ckpt)) {
    const saved = readCheckpointJson<PipelineState>(ckpt, PIPELINE_STATE_JSON);
    saved.b = saved.b === 0 ? null : saved.b; // 0, never a b, was how older checkpoints wrote a fixed plan's none
    if (saved.method !== options.method || saved.b !== (options.b ?? null) || saved.seed !== options.seed || saved.layers.join() !== layers.join()) {
      throw new ConfigError(`${ckpt}: checkpoint is for ${saved.method} b=${saved.b} seed=${saved.seed}, not ${options.method} b=${options.b} seed=${options.seed}`);
    }
    const model = await loadModel(ckpt);
    disposeWeights(weights);
    description = model.description;
    weights = model.weights;
    state = saved;
  } else {
    state = { method: options.method, b: options.b ?? null, seed: options.seed, layers, done: 0, p: pBase, pBeforeFinal: null, finalFineTune: null, layerRows: [], updateRows: [] };
  }
  const resumedAt = state.done;
  const checkpoint = async (): Promise<void> => {
    if (ckpt) await saveModel(ckpt, { description, weights }, { [PIPELINE_STATE_JSON]: `${JSON.stringify(state)}\n` });
  };
  // Only a guarded run reads these, and only a method that chooses its own counts (it has a b, checked above) is guarded.
  const withinBudget = (contractP: number): boolean => options.b === undefined || contractBase - contractP <= options.b;
  // The per-layer checks keep budget.layerMargin inside b (see BudgetOptions.layerMargin); the final one is b itself.
  const withinLayerBudget = (contractP: number): boolean => options.b === undefined || contractBase - contractP <= Math.max(0, options.b - budget.layerMargin);

  const task = progress.start(`prune ${runId}`, layers.length, 'layer');
  if (resumedAt > 0) task.tick(resumedAt, `resumed after ${layers[resumedAt - 1]}`);
  for (let li = state.done; li < layers.length; li++) {
    const layer = layers[li];
    const started = Date.now();
    const { kernel, shape } = unitKernel(description, weights, layer);
    const n = shape[shape.length - 1];
    const pReference = budget.reference === 'base' ? pBase : state.p;
    let evaluator: CandidateEvaluator | undefined;
    const ctx: DeciderContext = {
      layer,
      description,
      weights,
      kernel,
      kernelShape: shape,
      n,
      reward: options.reward,
      trainSample: options.trainSample,
      p: pReference,
      b: options.b,
      keepCount: options.keepCounts?.[layer],
      evaluator: () =>
        (evaluator ??= createUnitEvaluator({
          engine,
          description,
          weights,
          layer,
          reward: options.reward,
          calibration: sampleImages && recalibrateCuts ? { batches: [sampleImages as tf.Tensor4D] } : undefined,
          maxImagesPerPass: options.maxImagesPerPass,
        })),
      agentOptions: options.agent ?? {},
      rng: rng.fork(`layer-${layer}`),
      progress,
    };
    let decision;
    try {
      decision = await decider.decide(ctx);
    } finally {
      (evaluator as CandidateEvaluator | undefined)?.dispose();
    }
    // The decided mask, then (guarded) ever gentler ones until the fine-tuned network is within b of the base.
    const attempts = guarded && decision.keepPreference ? [decision.mask, ...backoffMasks(decision.mask, decision.keepPreference)] : [decision.mask];
    let accepted = decision.mask;
    let pAfter = state.p;
    let fineTunes = 0;
    for (const mask of attempts) {
      accepted = mask;
      if (keepsAll(mask)) {
        // Keeping every filter leaves the network as it was (within b), with no fine-tuning, for every method: with
        // nothing cut there is nothing to recover, and a fine-tune of the whole network here would be extra training
        // that, as a decision's only attempt, no guard check could reject (seen in seg-demo: a keep-all conv5_3
        // fine-tuned 0.6 points past b).
        pAfter = state.p;
        break;
      }
      const cut = removeUnit(description, weights, layer, keptIndices(mask));
      const pruned = { description: cut.description, weights: prepareCut(cut, layer) };
      const fineTuned = await options.fineTune(pruned.description, pruned.weights, { layer, layerIndex: li });
      fineTunes++;
      if (fineTuned !== pruned.weights) disposeWeights(pruned.weights);
      let tuned = fineTuned !== pruned.weights ? settle(pruned.description, fineTuned) : fineTuned;
      let { p, contract: contractP } = await measure(pruned.description, tuned, guarded);
      // A cut that is still recovering gets more fine-tuning before any filter is given back.
      for (let pass = 0; guarded && !withinLayerBudget(contractP) && pass < budget.recoveryPasses; pass++) {
        const again = await options.fineTune(pruned.description, tuned, { layer, layerIndex: li });
        fineTunes++;
        if (again === tuned) break;
        disposeWeights(tuned);
        tuned = settle(pruned.description, again);
        ({ p, contract: contractP } = await measure(pruned.description, tuned));
      }
      if (!guarded || withinLayerBudget(contractP) || mask === attempts[attempts.length - 1]) {
        disposeWeights(weights);
        description = pruned.description;
        weights = tuned;
        pAfter = p;
        break;
      }
      disposeWeights(tuned);
      task.status(`${layer}: ${(contractBase - contractP).toFixed(2)} points below the base after fine-tuning (b = ${options.b}); giving filters back`);
    }
    const keep = keptIndices(accepted);
    const count = countModel(description);
    const agent = decision.agent;
    state.layerRows.push({
      run_id: runId,
      method: label,
      b: options.b ?? null,
      seed: options.seed,
      layer_index: li,
      layer,
      filters_before: n,
      filters_after: keep.length,
      kept_indices: keep,
      p_before: state.p,
      p_reference: pReference,
      p_hat_decision: decision.pHat,
      p_after_finetune: pAfter,
      params_after: count.params,
      macs_after: count.macs,
      agent_updates: agent ? agent.updates.length : null,
      stop_reason: agent ? agent.stopReason : null,
      decision_source: agent ? agent.decisionSource : 'count',
      guard_restored: guarded ? keep.length - keptCount(decision.mask) : null,
      fine_tunes: fineTunes,
      wall_ms: Date.now() - started,
    });
    for (const u of agent?.updates ?? []) {
      state.updateRows.push({
        run_id: runId,
        b: options.b ?? null,
        seed: options.seed,
        layer,
        update: u.update,
        mean_reward: u.meanReward,
        std_reward: u.stdReward,
        mean_p_hat: u.meanPHat,
        mean_keep_probability: u.meanKeepProbability,
        kept_thresholded: u.keptThresholded,
        evaluated: u.evaluated,
        wall_ms: u.wallMs,
      });
    }
    state.p = pAfter;
    state.done = li + 1;
    await checkpoint();
    task.tick(1, `${layer}: kept ${keep.length}/${n}, p̂ ${decision.pHat.toFixed(2)} → ${pAfter.toFixed(2)} after fine-tuning`);
    await options.onLayerDone?.(li);
  }
  // Measured once: set by an accepted final fine-tune, else measured below.
  let contractFinal: number | undefined;
  if (state.finalFineTune === null) {
    state.pBeforeFinal = state.p;
    state.finalFineTune = 'none';
    if (options.finalFineTune) {
      const fineTuned = await options.finalFineTune(description, weights, { layer: FINAL_FINE_TUNE, layerIndex: layers.length });
      const tuned = fineTuned !== weights ? settle(description, fineTuned) : fineTuned;
      // The network before this pass was within b; a pass that would break b (rare: it nearly always helps) is
      // discarded rather than accepted.
      const { p, contract: contractTuned } = await measure(description, tuned);
      if (guarded && !withinBudget(contractTuned)) {
        if (tuned !== weights) disposeWeights(tuned);
        state.finalFineTune = 'rejected';
      } else {
        if (tuned !== weights) disposeWeights(weights);
        weights = tuned;
        state.p = p;
        state.finalFineTune = 'accepted';
        contractFinal = contractTuned;
      }
    }
    await checkpoint();
  }
  task.done();
  sampleImages?.dispose();
  return {
    description,
    weights,
    layerRows: state.layerRows,
    updateRows: state.updateRows,
    pBase,
    pFinal: state.p,
    contractBase,
    contractFinal: options.guard ? (contractFinal ?? (await measure(description, weights)).contract) : state.p,
    pBeforeFinal: state.pBeforeFinal ?? state.p,
    finalFineTune: state.finalFineTune,
    resumedAt,
  };
}

/** Per-layer keep counts of a finished run, for the count-matched baselines. */
export function keepCountsOf(rows: readonly LayerRow[]): Record<string, number> {
  return Object.fromEntries(rows.map((r) => [r.layer, r.filters_after as number]));
}
