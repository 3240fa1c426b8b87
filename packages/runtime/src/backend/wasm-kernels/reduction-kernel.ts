import * as tf from '@tensorflow/tfjs';
import { blockMean, blockReductionPlan } from './block-reduction';
import { callKernel, overrideConfig, withScratch, type OverrideConfig } from './compose';

type Scratch = Parameters<Parameters<typeof withScratch>[1]>[0];

/**
 * A Sum/Mean-style reduction whose leading/middle-axis cases run as one average pool (block-reduction); every
 * other case goes to the built-in kernel. `finish` turns the block mean into the kernel's result.
 */
export function reductionOverride(
  name: 'Sum' | 'Mean',
  builtin: tf.KernelConfig | undefined,
  finish: (s: Scratch, mean: tf.TensorInfo, n: number) => tf.TensorInfo,
): OverrideConfig {
  function reduce(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
    const backend = args.backend as tf.KernelBackend;
    const { x } = args.inputs as tf.SumInputs;
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    if (x === undefined) throw new Error(`${name} needs input x`);
    const plan = x.dtype === 'float32' ? blockReductionPlan(x.shape, axis, keepDims) : undefined;
    if (plan === undefined) {
      if (builtin === undefined) throw new Error(`wasm ${name}: no built-in kernel to fall back to`);
      return callKernel(builtin.kernelFunc, backend, args.inputs, args.attrs);
    }
    return withScratch(backend, (s) => s.run('Reshape', { x: finish(s, blockMean(s, x, plan), plan.n) }, { shape: plan.outShape }));
  }
  return overrideConfig(name, builtin, reduce);
}
