import { disposeWeights, type ModelDescription, removeFilters, unitKernel, type Weights } from '@l2p/models';
import { type ProgressTask, type Rng, silentProgress } from '@l2p/runtime';
import { keptIndices, type Mask } from '../agent/masks';
import { type CandidateEvaluator, createCandidateEvaluator } from '../evaluate/candidate-evaluator';
import type { Decider, DeciderContext, Decision } from '../deciders/decider';
import type { BatchNormPolicy } from './bn-policy';
import type { Budget } from './budget';
import { backoffMasks, keepsAll } from './contract-guard';
import type { PruneRunOptions } from './pipeline-options';

/** A network as the run holds it: the description and weights it owns. */
export interface Network {
  description: ModelDescription;
  weights: Weights;
}

/** p on the reward split and the contract's measure (guard split when there is one and it is asked for). */
export type Measure = (network: Network, withGuard?: boolean) => Promise<{ p: number; contract: number }>;

/** What every unit's steps of one run share. */
export interface RunScope {
  options: PruneRunOptions;
  decider: Decider;
  budget: Budget;
  /** Whether cuts are held to b (see Budget.guards). */
  guarded: boolean;
  bn: BatchNormPolicy;
  measure: Measure;
  task: ProgressTask;
}

/** Step 1, decide: the decider's mask for `unit`, scored against `pReference`. */
export async function decide(scope: RunScope, network: Network, unit: string, pReference: number, rng: Rng): Promise<Decision> {
  const { options } = scope;
  const { kernel, shape } = unitKernel(network.description, network.weights, unit);
  let evaluator: CandidateEvaluator | undefined;
  const ctx: DeciderContext = {
    layer: unit,
    description: network.description,
    weights: network.weights,
    kernel,
    kernelShape: shape,
    n: shape[1],
    reward: options.reward,
    trainSample: options.trainSample,
    p: pReference,
    b: options.b,
    keepCount: options.keepCounts?.[unit],
    evaluator: () =>
      (evaluator ??= createCandidateEvaluator({
        engine: options.engine ?? 'tfjs',
        description: network.description,
        weights: network.weights,
        layer: unit,
        reward: options.reward,
        calibration: scope.bn.calibration(),
        maxImagesPerPass: options.maxImagesPerPass,
      })),
    agentOptions: options.agent ?? {},
    rng,
    progress: options.progress ?? silentProgress,
  };
  try {
    return await scope.decider.decide(ctx);
  } finally {
    (evaluator as CandidateEvaluator | undefined)?.dispose();
  }
}

/** What became of a unit's cut: the mask that stands, the network after it, and the work it took. */
export interface CutOutcome {
  accepted: Mask;
  network: Network;
  /** Reward-split metric of the network that leaves the unit. */
  pAfter: number;
  fineTunes: number;
}

/**
 * Steps 2–4, cut → fine-tune → check: removes the decided filters for real, fine-tunes, and (guarded) checks the
 * contract; a cut still beyond b gets more fine-tuning, then ever gentler masks (backoffMasks) until one stands.
 * A mask that keeps every filter leaves the network as it was, with no fine-tuning, for every method: with nothing
 * cut there is nothing to recover, and a fine-tune of the whole network here would be extra training that, as a
 * decision's only attempt, no check could reject (seen in seg-demo: a keep-all conv5_3 fine-tuned 0.6 past b).
 * Takes ownership of `network` (disposed when replaced).
 */
export async function cutAndCheck(scope: RunScope, network: Network, unit: string, index: number, decision: Decision, pNow: number): Promise<CutOutcome> {
  const { options, budget, guarded } = scope;
  const attempts = guarded && decision.keepPreference ? [decision.mask, ...backoffMasks(decision.mask, decision.keepPreference)] : [decision.mask];
  let fineTunes = 0;
  for (const mask of attempts) {
    if (keepsAll(mask)) return { accepted: mask, network, pAfter: pNow, fineTunes };
    const cut = removeFilters(network.description, network.weights, unit, keptIndices(mask));
    const pruned = { description: cut.description, weights: scope.bn.prepareCut(cut, unit) };
    const fineTuned = await options.fineTune(pruned.description, pruned.weights, { layer: unit, layerIndex: index });
    fineTunes++;
    if (fineTuned !== pruned.weights) disposeWeights(pruned.weights);
    let tuned = fineTuned !== pruned.weights ? scope.bn.settle(pruned.description, fineTuned) : fineTuned;
    let { p, contract } = await scope.measure({ description: pruned.description, weights: tuned }, guarded);
    // A cut that is still recovering gets more fine-tuning before any filter is given back.
    for (let pass = 0; guarded && !budget.unitWithin(contract) && pass < budget.options.recoveryPasses; pass++) {
      const again = await options.fineTune(pruned.description, tuned, { layer: unit, layerIndex: index });
      fineTunes++;
      if (again === tuned) break;
      disposeWeights(tuned);
      tuned = scope.bn.settle(pruned.description, again);
      ({ p, contract } = await scope.measure({ description: pruned.description, weights: tuned }));
    }
    if (!guarded || budget.unitWithin(contract) || mask === attempts[attempts.length - 1]) {
      disposeWeights(network.weights);
      return { accepted: mask, network: { description: pruned.description, weights: tuned }, pAfter: p, fineTunes };
    }
    disposeWeights(tuned);
    scope.task.status(`${unit}: ${(budget.contractBefore - contract).toFixed(2)} points below the base after fine-tuning (b = ${options.b}); giving filters back`);
  }
  throw new Error('internal: no attempt stood');
}
