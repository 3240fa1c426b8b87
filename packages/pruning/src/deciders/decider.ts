import { ProgressSink, Rng } from '@l2p/runtime';
import { ModelDescription, Weights } from '@l2p/models';
import { AgentOptions } from '../agent/agent-options';
import { Mask } from '../agent/masks';
import { AgentResult } from '../agent/train-agent';
import { CandidateEvaluator } from '../evaluate/candidate-evaluator';
import { LabelledBatches } from '../evaluate/labelled-batches';

/** Everything a decider may read about the layer it decides for. */
export interface DeciderContext {
  layer: string;
  description: ModelDescription;
  /** Current (already pruned up to this layer) weights; not to be disposed. */
  weights: Weights;
  /** The layer's kernel, tfjs layout [kh, kw, in, N]. */
  kernel: Float32Array;
  kernelShape: number[];
  /** Filters in the layer. */
  n: number;
  reward: LabelledBatches;
  /** A fixed sample of training images (not the reward split), when the run has one. */
  trainSample?: LabelledBatches;
  /** The reward-split metric candidates are judged against, in points (see BudgetPolicy.measureFrom). */
  p: number;
  /** Budget in points, for deciders that choose their own counts (the agent); a fixed plan has none. */
  b?: number;
  /** Filters to keep, for deciders that are told how many (the baselines at the agent's counts). */
  keepCount?: number;
  /** The fast candidate evaluator for this layer (created on first use, disposed by the pipeline). */
  evaluator(): CandidateEvaluator;
  agentOptions: Partial<AgentOptions>;
  rng: Rng;
  progress: ProgressSink;
}

export interface Decision {
  mask: Mask;
  /** Reward-split metric with the mask, before fine-tuning. */
  pHat: number;
  /** Set by the agent. */
  agent?: AgentResult;
  /**
   * How strongly the decider wanted each filter kept (higher = keep first), for a guard that must give filters
   * back: the agent's final keep-probabilities. Absent for deciders that are told their counts.
   */
  keepPreference?: ArrayLike<number>;
}

/**
 * A decider returns a keep-mask for one layer. The paper's agent and the baselines are all deciders, so the
 * layer-by-layer pipeline runs any of them the same way, and baselines can run at the agent's per-layer counts.
 */
export interface Decider {
  readonly name: string;
  /** Whether the decider needs `keepCount` (it picks *which* filters, not how many). */
  readonly needsCount: boolean;
  readonly description: string;
  decide(context: DeciderContext): Promise<Decision>;
}
