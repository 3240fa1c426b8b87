import * as tf from '@tensorflow/tfjs';

/**
 * A model's weights by tfjs-layers weight name, `${layer}/${param}` (e.g. `conv1_1/kernel`,
 * `conv1_1_bn/moving_mean`). Whoever holds a `Weights` owns its tensors and disposes them with `disposeWeights`.
 */
export type Weights = Record<string, tf.Tensor>;

export function weightName(layer: string, param: string): string {
  return `${layer}/${param}`;
}

export function disposeWeights(weights: Weights): void {
  for (const t of Object.values(weights)) t.dispose();
}

/** An independent copy (tf.clone shares the buffer until either side is written, so it is cheap). */
export function cloneWeights(weights: Weights): Weights {
  return Object.fromEntries(Object.entries(weights).map(([k, t]) => [k, tf.clone(t)]));
}
