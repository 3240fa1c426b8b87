/**
 * Sum for wasm: reductions over leading/middle axes (the batch-norm and bias gradients) as one average pool
 * times n; see block-reduction. The extra rounding of (Σ/n)·n is one float32 ulp.
 */
import * as tf from '@tensorflow/tfjs';
import { type OverrideConfig } from './compose';
import { reductionOverride } from './reduction-kernel';

export function sumConfig(builtin: tf.KernelConfig | undefined): OverrideConfig {
  return reductionOverride(tf.Sum as 'Sum', builtin, (s, mean, n) => {
    const count = s.run('Fill', {}, { shape: [], value: n, dtype: 'float32' });
    return s.run('Multiply', { a: mean, b: count });
  });
}
