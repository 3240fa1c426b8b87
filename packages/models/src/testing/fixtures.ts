import * as tf from '@tensorflow/tfjs';
import { Rng } from '@l2p/runtime';
import type { ModelDescription } from '../description/types';
import { describeModel } from '../describe';
import { initWeights } from '../weights/init';
import type { Weights } from '../weights/types';

/** Tiny configurations of every architecture that run in milliseconds on the cpu backend. */
export const TINY: Record<string, { width: number; inputShape: [number, number, number]; numClasses: number }> = {
  vgg16: { width: 0.0625, inputShape: [32, 32, 3], numClasses: 5 },
  resnet18: { width: 0.0625, inputShape: [16, 16, 3], numClasses: 5 },
  fcn32s: { width: 1 / 32, inputShape: [32, 40, 3], numClasses: 4 },
  'fcn32s-bn': { width: 1 / 32, inputShape: [32, 40, 3], numClasses: 4 },
};

export function tinyDescription(name: string): ModelDescription {
  return describeModel(name, TINY[name]);
}

/**
 * Seeded weights with non-trivial BN statistics and biases, so that folding BN, masking and slicing are all
 * exercised (fresh BN layers are the identity).
 */
export function randomWeights(description: ModelDescription, seed: number): Weights {
  const weights = initWeights(description, seed);
  const rng = new Rng(seed).fork('bn');
  const vector = (n: number, f: () => number): tf.Tensor => tf.tensor1d(Array.from({ length: n }, f));
  for (const [name, t] of Object.entries(weights)) {
    const param = name.slice(name.lastIndexOf('/') + 1);
    const n = t.shape[0];
    let next: tf.Tensor | undefined;
    if (param === 'gamma' || param === 'moving_variance') next = vector(n, () => 0.5 + rng.next());
    else if (param === 'beta' || param === 'moving_mean' || param === 'bias') next = vector(n, () => 0.2 * rng.normal());
    if (next) {
      t.dispose();
      weights[name] = next;
    }
  }
  return weights;
}

export function randomImages(shape: number[], seed: number): tf.Tensor4D {
  return tf.randomNormal(shape as [number, number, number, number], 0, 1, 'float32', seed);
}

/** max |a − b| relative to max(1, max |b|). */
export function relativeMaxDiff(a: tf.Tensor, b: tf.Tensor): number {
  if (a.shape.join() !== b.shape.join()) throw new Error(`shapes differ: [${a.shape}] vs [${b.shape}]`);
  return tf.tidy(() => {
    const diff = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
    const scale = Math.max(1, tf.max(tf.abs(b)).dataSync()[0]);
    return diff / scale;
  });
}

/** A seeded random keep-set of `count` filters out of `filters`, ascending. */
export function randomKeep(filters: number, count: number, rng: Rng): number[] {
  return rng.permutation(filters).slice(0, count).sort((a, b) => a - b);
}
