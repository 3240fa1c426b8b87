/**
 * Conv2DBackpropInput (dx, and the forward pass of conv2dTranspose) for wasm. The built-in is a naive loop at
 * about a tenth of the forward conv's speed and takes half of a training step.
 *
 * dx is the "full" correlation of dy with the filter flipped in space and with its in/out channel axes swapped,
 * which XNNPACK's conv runs. Along an axis with stride s, padded input position t = h + top receives
 * dy[q − m]·W[r + m·s] for t = q·s + r: each phase r (= t mod s) is a stride-1 conv of dy with the sub-filter of
 * taps r, r+s, …, so dx is s_h·s_w such convs, interleaved. Unlike inserting s−1 zeros into dy and running one
 * conv, this spends no work on zeros. With many phases (FCN-32s' stride-32, 64×64 transposed conv: 1024 of them)
 * the per-call overhead wins and the built-in, which also skips the zeros, is kept.
 */
import * as tf from '@tensorflow/tfjs';
import { callKernel, overrideConfig, pair, withScratch, type OverrideConfig, type Scratch } from './compose';

/**
 * Strides up to this (per axis) use the phase convs; larger ones call the built-in.
 * NOTE: measured as time / built-in time, conv2dTranspose 'same', median of 3, on 2 busy cores: stride 1, 3×3,
 * B=8, 16×16 dy, 64→64: 0.35; stride 2, 3×3, B=32, 16×16 dy, 128→64: 0.15 (zero-insertion: 0.40); stride 2, 1×1:
 * 0.23; stride 4, 8×8, B=8, 8×8 dy, 32→32: 0.99; stride 8, 16×16, B=8, 8×8 dy, 21→21: 0.72; stride 16, 32×32:
 * 1.9; stride 32, 64×64, B=4, 4×4 dy, 21→21: 2.9.
 */
export const MAX_COMPOSED_STRIDE = 8;

/** One axis of the phase split. */
interface AxisPhases {
  readonly stride: number;
  /** Filter taps of each phase r: r, r+s, …; 0 when the kernel is shorter than the stride. */
  readonly taps: number[];
  /** The first phase-grid row computed, so that stride 1 needs no crop. */
  readonly first: number;
  /** Rows per phase: q in [first, first + count) covers t = q·s + r in [first·s, (first + count)·s). */
  readonly count: number;
}

function axisPhases(kernel: number, stride: number, inSize: number, padBefore: number): AxisPhases {
  const taps = Array.from({ length: stride }, (_, r) => Math.max(0, Math.ceil((kernel - r) / stride)));
  // Starting at floor(top / s) needs a conv top pad of taps − 1 − first ≥ 0 in every phase; else start at 0.
  const skip = Math.floor(padBefore / stride);
  const first = taps.every((t) => t === 0 || t - 1 >= skip) ? skip : 0;
  return { stride, taps, first, count: Math.ceil((inSize + padBefore) / stride) - first };
}

function phaseConv(
  s: Scratch,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  rows: AxisPhases,
  cols: AxisPhases,
  rh: number,
  rw: number,
): tf.TensorInfo {
  const [batch, outH, outW] = dy.shape;
  const [, , inC, outC] = filter.shape;
  const [th, tw] = [rows.taps[rh], cols.taps[rw]];
  if (th === 0 || tw === 0) {
    return s.run('Fill', {}, { shape: [batch, rows.count, cols.count, inC], value: 0, dtype: 'float32' });
  }
  const taps = s.run(
    'StridedSlice',
    { x: filter },
    {
      begin: [rh, rw, 0, 0],
      end: [rh + (th - 1) * rows.stride + 1, rw + (tw - 1) * cols.stride + 1, inC, outC],
      strides: [rows.stride, cols.stride, 1, 1],
      beginMask: 0,
      endMask: 0,
      ellipsisMask: 0,
      newAxisMask: 0,
      shrinkAxisMask: 0,
    },
  );
  const flipped = s.run('Reverse', { x: taps }, { dims: [0, 1] });
  const kernel = s.run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
  const padTop = th - 1 - rows.first;
  const padLeft = tw - 1 - cols.first;
  return s.run(
    'Conv2D',
    { x: dy, filter: kernel },
    {
      strides: [1, 1],
      pad: [
        [0, 0],
        [padTop, rows.first + rows.count - outH],
        [padLeft, cols.first + cols.count - outW],
        [0, 0],
      ],
      dilations: [1, 1],
      dataFormat: 'NHWC',
    },
  );
}

function concat(s: Scratch, parts: tf.TensorInfo[], axis: number): tf.TensorInfo {
  // Concat takes its inputs as a list, not by name.
  return parts.length === 1 ? parts[0] : s.run('Concat', parts as unknown as tf.NamedTensorInfoMap, { axis });
}

/** dx as one conv per phase; the phase outputs are interleaved by concatenating on a new axis and flattening. */
function phasedDx(s: Scratch, dy: tf.TensorInfo, filter: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const batch = dy.shape[0];
  const inC = info.inChannels;
  const rows = axisPhases(info.filterHeight, info.strideHeight, info.inHeight, info.padInfo.top);
  const cols = axisPhases(info.filterWidth, info.strideWidth, info.inWidth, info.padInfo.left);
  const rowBands: tf.TensorInfo[] = [];
  for (let rh = 0; rh < rows.stride; rh++) {
    const phases: tf.TensorInfo[] = [];
    for (let rw = 0; rw < cols.stride; rw++) {
      const phase = phaseConv(s, dy, filter, rows, cols, rh, rw);
      phases.push(s.run('Reshape', { x: phase }, { shape: [batch, rows.count, cols.count, 1, inC] }));
    }
    const band = concat(s, phases, 3);
    rowBands.push(s.run('Reshape', { x: band }, { shape: [batch, rows.count, 1, cols.count * cols.stride * inC] }));
  }
  const all = concat(s, rowBands, 2);
  const full = s.run('Reshape', { x: all }, { shape: [batch, rows.count * rows.stride, cols.count * cols.stride, inC] });
  const top = info.padInfo.top - rows.first * rows.stride;
  const left = info.padInfo.left - cols.first * cols.stride;
  if (top === 0 && left === 0 && full.shape[1] === info.inHeight && full.shape[2] === info.inWidth) return full;
  return s.run('Slice', { x: full }, { begin: [0, top, left, 0], size: [batch, info.inHeight, info.inWidth, inC] });
}

export function conv2dBackpropInputConfig(builtin: tf.KernelConfig | undefined): OverrideConfig {
  function conv2dBackpropInput(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
    const backend = args.backend as tf.KernelBackend;
    const { dy, filter } = args.inputs as tf.Conv2DBackpropInputInputs;
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } =
      args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    if (dy === undefined || filter === undefined) throw new Error('Conv2DBackpropInput needs inputs dy and filter');
    const [sh, sw] = pair(strides);
    const filterShape = filter.shape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(inputShape, filterShape, strides, 1, pad, dimRoundingMode);
    const { top, left, bottom, right } = info.padInfo;
    // Pads of a kernel size or more (explicit padding only) would need negative conv padding.
    const composable =
      dataFormat === 'NHWC' &&
      sh <= MAX_COMPOSED_STRIDE &&
      sw <= MAX_COMPOSED_STRIDE &&
      Math.max(top, bottom) < info.filterHeight &&
      Math.max(left, right) < info.filterWidth;
    if (!composable) {
      if (builtin === undefined) throw new Error('wasm Conv2DBackpropInput: no built-in kernel to fall back to');
      return callKernel(builtin.kernelFunc, backend, args.inputs, args.attrs);
    }
    return withScratch(backend, (s) => phasedDx(s, dy, filter, info));
  }
  return overrideConfig(tf.Conv2DBackpropInput, builtin, conv2dBackpropInput);
}
