import { EngineName, ProgressSink } from '@l2p/runtime';
import { ModelDescription, Weights } from '@l2p/models';
import { AgentOptions } from '../agent/agent-options';
import { Calibration } from '../evaluate/calibration';
import { RewardData } from '../evaluate/reward-data';

/** Fine-tunes a network after a layer was cut; returns new weights (the input weights are not disposed). */
export type FineTuner = (description: ModelDescription, weights: Weights, step: { layer: string; layerIndex: number }) => Promise<Weights>;

export interface PruneRunOptions {
  /** 'agent', 'random', 'l1' or 'taylor' (see deciders/registry.ts). */
  method: string;
  /** Label for the rows' `method` column (default: the method), e.g. a named reference configuration. */
  label?: string;
  /** Budget in points. Baselines record it for grouping; only the agent reads it. */
  b: number;
  seed: number;
  /** The base network; not disposed. */
  description: ModelDescription;
  weights: Weights;
  /** Layers to prune, in order. Default: every prunable layer, input side first (the paper's order). */
  layers?: string[];
  /** The held-out reward split (never the test set). */
  reward: RewardData;
  fineTune: FineTuner;
  /** Filters to keep per layer, for the count-matched baselines (from the agent's run at the same b and seed). */
  keepCounts?: Record<string, number>;
  agent?: Partial<AgentOptions>;
  /** Where per-layer checkpoints go; with `resume`, a run continues from the last one found there. */
  checkpointDir?: string;
  resume?: boolean;
  /** Most images per batched candidate pass. */
  maxImagesPerPass?: number;
  /** Engine of the candidate evaluator (see createCandidateEvaluator). Default 'tfjs'; training is always tfjs. */
  engine?: EngineName;
  /** Adaptive BN for candidate scoring: training images (not the reward split). Default: none (stored statistics). */
  calibration?: Calibration;
  progress?: ProgressSink;
  /** Called after each layer's checkpoint is written (tests use it to kill a run mid-way). */
  onLayerDone?(layerIndex: number): void | Promise<void>;
}
