import * as tf from '@tensorflow/tfjs';
import { Rng } from '@l2p/runtime';
import type { ModelDescription } from '../description/types';
import type { InitKind } from '../layers';
import { weightSpecs } from './specs';
import type { Weights } from './types';

/**
 * Per-channel bilinear upsampling kernel [k, k, C, C] (FCN's `upsample_filt`): weight (1 − |i − c|/f)·(1 − |j − c|/f)
 * with f = ceil(k/2), c = f − 0.5 for even k; zero between different channels.
 */
export function bilinearKernel(kernel: number, channels: number): tf.Tensor4D {
  const factor = Math.ceil(kernel / 2);
  const center = kernel % 2 === 1 ? factor - 1 : factor - 0.5;
  const values = new Float32Array(kernel * kernel * channels * channels);
  for (let i = 0; i < kernel; i++) {
    for (let j = 0; j < kernel; j++) {
      const v = (1 - Math.abs(i - center) / factor) * (1 - Math.abs(j - center) / factor);
      for (let c = 0; c < channels; c++) values[((i * kernel + j) * channels + c) * channels + c] = v;
    }
  }
  return tf.tensor4d(values, [kernel, kernel, channels, channels]);
}

function initTensor(init: InitKind, shape: number[], seed: number): tf.Tensor {
  switch (init) {
    // NOTE: He (fan-in) for convs as in He et al. 2015; Glorot-uniform for dense layers (the Keras default).
    case 'he-normal':
      return tf.initializers.heNormal({ seed }).apply(shape);
    case 'glorot-uniform':
      return tf.initializers.glorotUniform({ seed }).apply(shape);
    case 'zeros':
      return tf.zeros(shape);
    case 'ones':
      return tf.ones(shape);
    case 'bilinear':
      return bilinearKernel(shape[0], shape[2]);
  }
}

/** Seeded initial weights: each weight's seed depends only on `seed` and the weight's name. */
export function initWeights(description: ModelDescription, seed: number): Weights {
  const rng = new Rng(seed);
  const out: Weights = {};
  for (const spec of weightSpecs(description)) out[spec.name] = initTensor(spec.init, spec.shape, rng.seedFor(spec.name));
  return out;
}
