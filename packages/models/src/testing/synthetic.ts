import * as tf from '@tensorflow/tfjs';
import { Rng } from '@l2p/runtime';

/**
 * A learnable toy classification set: class c lights up channel c % 3 in quadrant c % 4, under noise.
 * Chance accuracy is 1/classes; with at most 3 classes even a net that pools position away can separate them.
 */
export function patternDataset(n: number, classes: number, size: number, seed: number): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const rng = new Rng(seed);
  const channels = 3;
  const values = new Float32Array(n * size * size * channels);
  const labels = new Int32Array(n);
  const half = size / 2;
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    labels[i] = c;
    const qy = Math.floor(c / 2) % 2;
    const qx = c % 2;
    for (let h = 0; h < size; h++) {
      for (let w = 0; w < size; w++) {
        for (let k = 0; k < channels; k++) {
          const inside = Math.floor(h / half) === qy && Math.floor(w / half) === qx && k === c % channels;
          values[((i * size + h) * size + w) * channels + k] = (inside ? 1.5 : 0) + 0.5 * rng.normal();
        }
      }
    }
  }
  return { x: tf.tensor4d(values, [n, size, size, channels]), y: tf.tensor1d(labels, 'int32') };
}

/** Toy segmentation: pixels of a bright rectangle are class 1, the rest class 0, a 1-pixel border around it void. */
export function rectangleSegmentation(n: number, size: number, seed: number): { x: tf.Tensor4D; y: tf.Tensor3D } {
  const rng = new Rng(seed);
  const x = new Float32Array(n * size * size * 3);
  const y = new Int32Array(n * size * size);
  for (let i = 0; i < n; i++) {
    const top = rng.int(size / 2);
    const left = rng.int(size / 2);
    const bottom = top + size / 4 + rng.int(size / 4);
    const right = left + size / 4 + rng.int(size / 4);
    for (let h = 0; h < size; h++) {
      for (let w = 0; w < size; w++) {
        const inside = h >= top && h < bottom && w >= left && w < right;
        const border = !inside && h >= top - 1 && h <= bottom && w >= left - 1 && w <= right;
        y[(i * size + h) * size + w] = border ? 255 : inside ? 1 : 0;
        for (let k = 0; k < 3; k++) x[((i * size + h) * size + w) * 3 + k] = (inside ? 1 : -1) + 0.3 * rng.normal();
      }
    }
  }
  return { x: tf.tensor4d(x, [n, size, size, 3]), y: tf.tensor3d(y, [n, size, size], 'int32') };
}
