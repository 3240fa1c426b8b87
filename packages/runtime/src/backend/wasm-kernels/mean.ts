/** Mean for wasm: reductions over leading/middle axes (batch-norm moments) as one average pool; see block-reduction. */
import * as tf from '@tensorflow/tfjs';
import { blockMean, blockReductionPlan } from './block-reduction';
import { callKernel, overrideConfig, withScratch, type OverrideConfig } from './compose';

export function meanConfig(builtin: tf.KernelConfig | undefined): OverrideConfig {
  function mean(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
    const backend = args.backend as tf.KernelBackend;
    const { x } = args.inputs as tf.MeanInputs;
    const { axis, keepDims } = args.attrs as unknown as tf.MeanAttrs;
    if (x === undefined) throw new Error('Mean needs input x');
    const plan = x.dtype === 'float32' ? blockReductionPlan(x.shape, axis, keepDims) : undefined;
    if (plan === undefined) {
      if (builtin === undefined) throw new Error('wasm Mean: no built-in kernel to fall back to');
      return callKernel(builtin.kernelFunc, backend, args.inputs, args.attrs);
    }
    return withScratch(backend, (s) => s.run('Reshape', { x: blockMean(s, x, plan) }, { shape: plan.outShape }));
  }
  return overrideConfig(tf.Mean, builtin, mean);
}
