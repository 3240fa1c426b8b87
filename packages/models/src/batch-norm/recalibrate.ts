import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@l2p/runtime';
import { inferShapes } from '../description/graph';
import type { ModelDescription } from '../description/types';
import { kindSpec } from '../layers';
import { cutAt } from '../inference/cut';
import { type Weights, weightName } from '../weights/types';

/**
 * The BN layers after `layer`'s activation (where a channel mask applies), in network order: the ones whose
 * statistics candidate scoring re-estimates (see `cutAt`), and so the ones a cut's recalibration must touch to
 * give the network the agent judged. The layer's own BN is not among them: BN is per channel, so removing some of
 * its channels leaves the others' statistics as they were. (In a ResNet this includes a projection shortcut's BN
 * after the cut, whose input the mask does not change: re-estimating it on the sample is harmless.)
 */
export function batchNormsAfter(description: ModelDescription, layer: string): string[] {
  return cutAt(description, layer).norms;
}

export interface RecalibrateOptions {
  /** Recalibrate only these BN layers (e.g. `batchNormsAfter(d, layer)`); default every BN layer. */
  only?: readonly string[];
}

/**
 * Re-estimates BN moving statistics from `images` ("adaptive BN", as in EagleEye, ECCV 2020): every chosen BN
 * layer's moving mean and variance become the mean and biased variance of its input over all the images (and
 * positions), computed in network order so each one sees the recalibrated layers before it. Other layers run as
 * at inference (dropout off). Returns new weights: the recalibrated statistics are new tensors, every other entry
 * is the caller's tensor (so dispose only the new ones: see `disposeRecalibrated`). The images are one batch:
 * the statistics are exact, and the sample is meant to be small (a few hundred images).
 */
export function recalibrateBatchNorm(description: ModelDescription, weights: Weights, images: tf.Tensor4D, options: RecalibrateOptions = {}): Weights {
  const targets = new Set(options.only ?? description.nodes.filter((n) => n.kind === 'bn').map((n) => n.name));
  for (const name of targets) {
    const node = description.nodes.find((n) => n.name === name);
    if (!node || node.kind !== 'bn') throw new ConfigError(`recalibrateBatchNorm: '${name}' is not a BN layer of ${description.architecture}`);
  }
  const out: Weights = { ...weights };
  if (targets.size === 0) return out;
  const shapes = inferShapes(description);
  const lastUse = new Map<string, number>();
  description.nodes.forEach((node, i) => node.inputs.forEach((n) => lastUse.set(n, i)));
  tf.tidy(() => {
    const values = new Map<string, tf.Tensor>([[description.nodes[0].name, images]]);
    for (const [i, node] of description.nodes.entries()) {
      if (i === 0) continue;
      const inputs = node.inputs.map((n) => values.get(n) as tf.Tensor);
      const recalibrate = node.kind === 'bn' && targets.has(node.name);
      const y = kindSpec(node).apply(node, inputs, {
        training: recalibrate,
        seed: 0,
        outputShape: shapes.get(node.name) ?? [],
        weight: (param) => weights[weightName(node.name, param)],
        onBatchStats: (mean, variance) => {
          out[weightName(node.name, 'moving_mean')] = tf.keep(tf.clone(mean));
          out[weightName(node.name, 'moving_variance')] = tf.keep(tf.clone(variance));
        },
      });
      values.set(node.name, y);
      // Activations are freed after their last consumer: a whole sample's activations would not fit at once. A
      // layer may return its input itself (dropout at inference), so a tensor still held under another name stays.
      for (const n of new Set(node.inputs)) {
        if (lastUse.get(n) === i && n !== description.nodes[0].name) {
          const t = values.get(n);
          values.delete(n);
          if (t && ![...values.values()].includes(t)) t.dispose();
        }
      }
    }
  });
  return out;
}

/** Disposes the statistics `recalibrateBatchNorm` created (the tensors of `recalibrated` not in `original`). */
export function disposeRecalibrated(original: Weights, recalibrated: Weights): void {
  for (const [name, t] of Object.entries(recalibrated)) if (original[name] !== t) t.dispose();
}
