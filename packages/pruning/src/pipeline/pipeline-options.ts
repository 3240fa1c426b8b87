import { EngineName, ProgressSink } from '@l2p/runtime';
import { ModelDescription, Weights } from '@l2p/models';
import type { AgentOptionsInput } from '../agent/agent-options';
import type { EvaluatorSettings } from '../evaluate/evaluator-options';
import type { ScoringOptionsInput } from '../evaluate/scoring-options';
import type { BudgetPolicyInput } from './budget-options';
import type { LabelledBatches } from '../evaluate/labelled-batches';

/**
 * Fine-tunes a network after a layer was cut; returns new weights (the input weights are not disposed). `layer` is
 * the layer just cut, or FINAL_FINE_TUNE for the pass after the last layer; `layerIndex` its position (the number
 * of layers for the final pass).
 */
export type FineTuner = (description: ModelDescription, weights: Weights, step: { layer: string; layerIndex: number }) => Promise<Weights>;

/** The `layer` a FineTuner is given for the fine-tuning after the last layer. */
export const FINAL_FINE_TUNE = '(final)';

export interface PruneRunOptions {
  /** A name of the DECIDERS registry (deciders/registry.ts). */
  method: string;
  /** Label for the rows' `method` column (default: the method), e.g. a named reference configuration. */
  label?: string;
  /** The rows' `run_id` (default: the job id of (method, b, seed), runs/job-id.ts; without b, the label). */
  runId?: string;
  /**
   * Budget in points (a b of budget-rule.ts). Baselines record it for grouping; only the agent (and the guard) reads
   * it. Absent for a fixed plan (a reference plan, the uniform-L1 curve): it is given its counts, and has no b.
   */
  b?: number;
  seed: number;
  /** The base network; not disposed. */
  description: ModelDescription;
  weights: Weights;
  /** Layers to prune, in order. Default: every prunable layer, input side first (the paper's order). */
  layers?: string[];
  /** The held-out reward split (never the test set). */
  reward: LabelledBatches;
  /**
   * A second held-out split of training images that the budget contract is checked on (the guard and the final
   * fine-tune's acceptance). Without it the reward split serves, which flatters the pruned network: every layer's
   * mask was chosen for its score on that split, and on a few hundred images that choice picks up noise.
   */
  guard?: LabelledBatches;
  /** A fixed sample of training images (not the reward split): what data-driven criteria such as Taylor read. */
  trainSample?: LabelledBatches;
  fineTune: FineTuner;
  /**
   * Fine-tuning of the whole pruned network after the last layer (as Li et al. retrain after pruning). With a
   * guarded budget its result is kept only if it stays within b (it nearly always improves the network).
   */
  finalFineTune?: FineTuner;
  /** How b is applied across layers and whether the final network is held to it (defaults: budget-options.ts). */
  budgetPolicy?: BudgetPolicyInput;
  /** How candidates are scored and the accepted cut prepared (defaults: scoring-options.ts; needs trainSample). */
  scoring?: ScoringOptionsInput;
  /** Filters to keep per layer, for the count-matched baselines (from the agent's run at the same b and seed). */
  keepCounts?: Record<string, number>;
  /** The agent's settings (defaults: agent-options.ts); only the agent reads them. */
  agent?: AgentOptionsInput;
  /** Where per-layer checkpoints go; with `resume`, a run continues from the last one found there. */
  checkpointDir?: string;
  resume?: boolean;
  /** Most images per batched candidate pass (default: evaluator-options.ts). */
  maxImagesPerPass?: EvaluatorSettings['maxImagesPerPass'];
  /** Engine of the candidate evaluator (see createCandidateEvaluator). Default 'tfjs'; training is always tfjs. */
  engine?: EngineName;
  progress?: ProgressSink;
  /**
   * Sees the network after the last unit, before the final fine-tuning (a job measures its test metric there); must
   * not dispose it. Not called on a resumed run whose final fine-tuning was already done.
   */
  beforeFinalFineTune?(network: { description: ModelDescription; weights: Weights }): void | Promise<void>;
  /** Called after each layer's checkpoint is written (tests use it to kill a run mid-way). */
  onLayerDone?(layerIndex: number): void | Promise<void>;
}
