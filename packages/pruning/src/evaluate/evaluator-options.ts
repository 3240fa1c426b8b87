import type { ModelDescription, Weights } from '@l2p/models';
import type { EngineName } from '@l2p/runtime';
import type { Mask } from '../agent/masks';
import type { Calibration } from './calibration';
import type { RewardData } from './reward-data';

/** Scores candidate masks of one layer: the network's metric on the reward split, in points, per mask. */
export interface CandidateEvaluator {
  evaluate(masks: readonly Mask[]): Promise<number[]>;
  dispose(): void;
}

export interface EvaluatorOptions {
  description: ModelDescription;
  /** Not disposed; the evaluator keeps what it needs. */
  weights: Weights;
  layer: string;
  reward: RewardData;
  /** Adaptive BN: recalibrate every BN after the layer per candidate on these training images (see Calibration). */
  calibration?: Calibration;
  /**
   * Most images in one batched pass (K candidates × B reward images, and K × all calibration images). Larger
   * passes amortise per-op overhead; the cap bounds memory. Default 1024.
   */
  maxImagesPerPass?: number;
}

export interface CandidateEvaluatorOptions extends EvaluatorOptions {
  /** Which engine runs the forward passes (training stays on tfjs). Both give the same p̂ up to float rounding. */
  engine: EngineName;
}

export const DEFAULT_MAX_IMAGES_PER_PASS = 1024;

