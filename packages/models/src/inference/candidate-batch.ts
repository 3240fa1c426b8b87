import * as tf from '@tensorflow/tfjs';
import type { ActivationCache } from './inference-net';

/**
 * The start values for K candidates in one pass: the cached activation (value `at`) times each candidate's
 * channel mask, and every other cached value repeated K times, each flattened candidate-major to [K·B, ...].
 * Call inside tf.tidy.
 */
export function batchCandidates(cache: ActivationCache, at: string, candidates: readonly ArrayLike<number>[]): Map<string, tf.Tensor> {
  const start = new Map<string, tf.Tensor>();
  const k = candidates.length;
  for (const [name, t] of cache.tensors) {
    if (name === at) {
      const c = t.shape[t.shape.length - 1];
      const flat = new Float32Array(k * c);
      candidates.forEach((m, i) => flat.set(Array.from(m), i * c));
      const maskShape = [k, 1, ...t.shape.slice(1, -1).map(() => 1), c];
      const masked = tf.mul(tf.expandDims(t, 0), tf.reshape(tf.tensor1d(flat), maskShape));
      start.set(name, tf.reshape(masked, [k * cache.batchSize, ...t.shape.slice(1)]));
    } else {
      // A broadcast add rather than tf.tile: Tile is slow on some backends (see compute-backends.md).
      const tiled = tf.add(tf.expandDims(t, 0), tf.zeros([k, ...t.shape.map(() => 1)]));
      start.set(name, tf.reshape(tiled, [k * cache.batchSize, ...t.shape.slice(1)]));
    }
  }
  return start;
}

/** K candidate masks as one [K, C] tensor. */
export function candidateMaskTensor(candidates: readonly ArrayLike<number>[], channels: number): tf.Tensor2D {
  const flat = new Float32Array(candidates.length * channels);
  candidates.forEach((m, i) => flat.set(Array.from(m), i * channels));
  return tf.tensor2d(flat, [candidates.length, channels]);
}

/**
 * A value of K·B candidate-major images, [K·B, ..., C], with candidate i's images multiplied by mask row i: how a
 * unit's later mask points (a residual group's other members) see the candidates. Call inside tf.tidy.
 */
export function maskCandidateBatch(y: tf.Tensor, masks: tf.Tensor2D): tf.Tensor {
  const k = masks.shape[0];
  const c = y.shape[y.shape.length - 1];
  const perCandidate = tf.reshape(y, [k, -1, ...y.shape.slice(1)]);
  const maskShape = [k, 1, ...y.shape.slice(1, -1).map(() => 1), c];
  return tf.reshape(tf.mul(perCandidate, tf.reshape(masks, maskShape)), y.shape);
}
