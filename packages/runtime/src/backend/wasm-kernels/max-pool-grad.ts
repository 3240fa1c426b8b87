/**
 * MaxPoolGrad for wasm. The built-in is wrong and slow:
 * - it starts each window's running max at FLT_MIN, the smallest positive float, instead of the lowest float: in a
 *   window whose values are all ≤ FLT_MIN nothing beats the start value, its argmax stays at the initial offset 0
 *   (the tensor's first element), and the window's gradient is dropped or misrouted. Harmless right after a ReLU
 *   (those cells' ReLU gradient is 0 anyway), wrong for pooling after batch norm or of signed inputs;
 * - it is a scalar loop, ~20× the time of the forward max pool.
 *
 * Windows that tile the input exactly (2×2 stride 2 on even sizes, VGG's case) take an exact route: view x as
 * [windows, kh·kw], ArgMax (first maximum, as on cpu), one-hot times dy, and back to x's layout. Other windows
 * (overlapping, padded) run the built-in on x − min(x) + 1 when min(x) ≤ FLT_MIN: same argmax in every window, all
 * values positive. Its limits: values closer than float32 resolution at the shifted magnitude become ties, and on
 * ties the built-in picks the window's last maximal cell where cpu picks the first.
 */
import * as tf from '@tensorflow/tfjs';
import { callKernel, overrideConfig, withScratch, type OverrideConfig, type Scratch } from './compose';

/** std::numeric_limits<float>::min(), the built-in kernel's starting max. */
const FLT_MIN = 1.1754943508222875e-38;

function tilesExactly(info: tf.backend_util.Conv2DInfo): boolean {
  const { top, bottom, left, right } = info.padInfo;
  return (
    info.filterHeight === info.strideHeight &&
    info.filterWidth === info.strideWidth &&
    info.filterHeight * info.filterWidth > 1 &&
    top === 0 &&
    bottom === 0 &&
    left === 0 &&
    right === 0 &&
    info.outHeight * info.filterHeight === info.inHeight &&
    info.outWidth * info.filterWidth === info.inWidth
  );
}

/** dx for windows that partition x: scatter dy to each window's first maximum. */
function tiledMaxPoolGrad(s: Scratch, x: tf.TensorInfo, dy: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const { batchSize, outHeight, outWidth, filterHeight: kh, filterWidth: kw, inChannels: c } = info;
  const windows = batchSize * outHeight * outWidth * c;
  const split = s.run('Reshape', { x }, { shape: [batchSize * outHeight, kh, outWidth, kw, c] });
  const grouped = s.run('Transpose', { x: split }, { perm: [0, 2, 4, 1, 3] });
  const rows = s.run('Reshape', { x: grouped }, { shape: [windows, kh * kw] });
  const argmax = s.run('ArgMax', { x: rows }, { axis: [1] });
  // wasm's OneHot writes int32 whatever dtype it is given.
  const maskInt = s.run('OneHot', { indices: argmax }, { depth: kh * kw, onValue: 1, offValue: 0, dtype: 'int32' });
  const mask = s.run('Cast', { x: maskInt }, { dtype: 'float32' });
  const dyColumn = s.run('Reshape', { x: dy }, { shape: [windows, 1] });
  const routed = s.run('Multiply', { a: mask, b: dyColumn });
  const routedGrouped = s.run('Reshape', { x: routed }, { shape: [batchSize * outHeight, outWidth, c, kh, kw] });
  const routedSplit = s.run('Transpose', { x: routedGrouped }, { perm: [0, 3, 1, 4, 2] });
  return s.run('Reshape', { x: routedSplit }, { shape: x.shape });
}

export function maxPoolGradConfig(builtin: tf.KernelConfig | undefined): OverrideConfig {
  if (builtin === undefined) throw new Error('wasm MaxPoolGrad: the built-in kernel is needed (it is wrapped, not replaced)');
  const builtinFunc = builtin.kernelFunc;
  function maxPoolGrad(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
    const backend = args.backend as tf.KernelBackend;
    const { input, dy } = args.inputs as tf.MaxPoolGradInputs;
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolGradAttrs;
    if (input === undefined || dy === undefined) throw new Error('MaxPoolGrad needs inputs dy and input');
    if (tf.util.sizeFromShape(input.shape) === 0) return callKernel(builtinFunc, backend, args.inputs, args.attrs);
    const xShape = input.shape as [number, number, number, number];
    const info = tf.backend_util.computePool2DInfo(xShape, filterSize, strides, 1, pad, dimRoundingMode);
    return withScratch(backend, (s) => {
      if (tilesExactly(info)) return tiledMaxPoolGrad(s, input, dy, info);
      const low = s.run('Min', { x: input }, { axis: input.shape.map((_, i) => i), keepDims: false });
      const min = (backend.readSync(low.dataId) as Float32Array)[0];
      if (min > FLT_MIN) return s.call(builtinFunc, args.inputs, args.attrs);
      const offset = s.run('Fill', {}, { shape: [], value: 1 - min, dtype: 'float32' });
      const shifted = s.run('Add', { a: input, b: offset });
      return s.call(builtinFunc, { ...args.inputs, input: shifted }, args.attrs);
    });
  }
  return overrideConfig(tf.MaxPoolGrad, builtin, maxPoolGrad);
}
