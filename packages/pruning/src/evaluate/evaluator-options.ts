import type { ModelDescription, Weights } from '@l2p/models';
import type { EngineName } from '@l2p/runtime';
import type { Mask } from '../agent/masks';
import type { Calibration } from './calibration';
import type { LabelledBatches } from './labelled-batches';
import { z } from 'zod';

/**
 * A run of consecutive reward images, `count` of them from `start`, wrapping around the end of the split: an
 * agent update scores all its candidates on the same window (common random numbers), and windows move between
 * updates.
 */
export interface ImageWindow {
  start: number;
  count: number;
}

/** Scores candidate masks of one layer: the network's metric on the reward split, in points, per mask. */
export interface CandidateEvaluator {
  /** On the whole reward split, or on `window` of it. */
  evaluate(masks: readonly Mask[], window?: ImageWindow): Promise<number[]>;
  dispose(): void;
}

/** The window as at most two plain ranges [start, start + count) of the split's n images (all of it when absent). */
export function windowRanges(n: number, window?: ImageWindow): { start: number; count: number }[] {
  if (!window) return [{ start: 0, count: n }];
  const { start, count } = window;
  if (!Number.isInteger(start) || start < 0 || start >= n || !Number.isInteger(count) || count < 1 || count > n) {
    throw new RangeError(`image window {start: ${start}, count: ${count}} does not fit a reward split of ${n} images`);
  }
  const first = Math.min(count, n - start);
  return first === count ? [{ start, count }] : [{ start, count: first }, { start: 0, count: count - first }];
}

/**
 * The evaluator's one tunable setting, with its default: the experiment schema's `advanced.maxImagesPerPass` and
 * PruneRunOptions.maxImagesPerPass read it.
 */
export const evaluatorSettingsSchema = z
  .object({
    /**
     * Most images in one batched pass (K candidates × B reward images, and K × all calibration images). Larger
     * passes amortise per-op overhead; the cap bounds memory. Default 1024.
     */
    maxImagesPerPass: z.number().int().positive().default(1024),
  })
  .strict();
export type EvaluatorSettings = z.output<typeof evaluatorSettingsSchema>;

export const DEFAULT_MAX_IMAGES_PER_PASS = evaluatorSettingsSchema.parse({}).maxImagesPerPass;

export interface EvaluatorOptions extends Partial<EvaluatorSettings> {
  description: ModelDescription;
  /** Not disposed; the evaluator keeps what it needs. */
  weights: Weights;
  layer: string;
  reward: LabelledBatches;
  /** Adaptive BN: recalibrate every BN after the layer per candidate on these training images (see Calibration). */
  calibration?: Calibration;
}

export interface CandidateEvaluatorOptions extends EvaluatorOptions {
  /** Which engine runs the forward passes (training stays on tfjs). Both give the same p̂ up to float rounding. */
  engine: EngineName;
}
