/**
 * Sum for wasm: reductions over leading/middle axes (the batch-norm and bias gradients) as one average pool
 * times n; see block-reduction. The extra rounding of (Σ/n)·n is one float32 ulp.
 */
import * as tf from '@tensorflow/tfjs';
import { blockMean, blockReductionPlan } from './block-reduction';
import { callKernel, overrideConfig, withScratch, type OverrideConfig } from './compose';

export function sumConfig(builtin: tf.KernelConfig | undefined): OverrideConfig {
  function sum(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
    const backend = args.backend as tf.KernelBackend;
    const { x } = args.inputs as tf.SumInputs;
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    if (x === undefined) throw new Error('Sum needs input x');
    const plan = x.dtype === 'float32' ? blockReductionPlan(x.shape, axis, keepDims) : undefined;
    if (plan === undefined) {
      if (builtin === undefined) throw new Error('wasm Sum: no built-in kernel to fall back to');
      return callKernel(builtin.kernelFunc, backend, args.inputs, args.attrs);
    }
    return withScratch(backend, (s) => {
      const count = s.run('Fill', {}, { shape: [], value: plan.n, dtype: 'float32' });
      const total = s.run('Multiply', { a: blockMean(s, x, plan), b: count });
      return s.run('Reshape', { x: total }, { shape: plan.outShape });
    });
  }
  return overrideConfig(tf.Sum, builtin, sum);
}
