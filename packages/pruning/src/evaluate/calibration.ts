import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@l2p/runtime';

/**
 * Adaptive BN (EagleEye, Li et al., ECCV 2020) for candidate scoring: a fixed set of TRAINING images (never the
 * reward split). Per candidate, every BN after the pruned layer gets the mean and biased (population) variance of
 * its input over (batch, H, W) — over the batch after a dense layer — computed on these images with the
 * candidate's mask and the earlier recalibrated BNs in effect; the reward images are then scored with those
 * statistics (γ, β and ε unchanged). BNs before the cut keep theirs. Networks without BN after the cut (FCN-32s)
 * are scored as without calibration.
 *
 * Paper note: Huang et al. score candidates with the network's stored statistics; this is an option, off unless
 * given. All images go through one pass per candidate (the statistics are exact full-batch ones, not running
 * averages), so keep the set small: a few hundred images.
 */
export interface Calibration {
  /** Training images, [B, H, W, C] each; not disposed by the evaluator. */
  batches: tf.Tensor4D[];
}

/** All calibration images as one tensor (owned by the caller), after checking they fit the network's input. */
export function calibrationImages(calibration: Calibration, inputShape: readonly number[]): tf.Tensor4D {
  if (calibration.batches.length === 0) throw new ConfigError('calibration: needs at least one batch of training images, got none');
  for (const [i, b] of calibration.batches.entries()) {
    if (b.rank !== 4 || b.shape.slice(1).join() !== inputShape.join()) {
      throw new ConfigError(`calibration: batch ${i} has shape [${b.shape.join(', ')}], the network takes [B, ${inputShape.join(', ')}]`);
    }
  }
  return calibration.batches.length === 1 ? tf.clone(calibration.batches[0]) : tf.concat(calibration.batches, 0);
}
