import type { Padding } from '../description/types';
import type { NormParams } from './emit-context';

/** `data` of row-major `shape` with its axes permuted: out axis i is input axis perm[i] (numpy.transpose). */
export function permute(data: Float32Array, shape: readonly number[], perm: readonly number[]): { data: Float32Array; shape: number[] } {
  const outShape = perm.map((p) => shape[p]);
  const rank = shape.length;
  const inStrides = new Array<number>(rank);
  for (let i = rank - 1, s = 1; i >= 0; s *= shape[i], i--) inStrides[i] = s;
  const strides = perm.map((p) => inStrides[p]);
  const out = new Float32Array(data.length);
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let i = 0; i < rank; i++) src += index[i] * strides[i];
    out[o] = data[src];
    for (let i = rank - 1; i >= 0; i--) {
      if (++index[i] < outShape[i]) break;
      index[i] = 0;
    }
  }
  return { data: out, shape: outShape };
}

/**
 * ONNX pads [top, left, bottom, right] that reproduce TensorFlow's padding on an [h, w] input: 'same' pads
 * max((⌈n/s⌉ − 1)·s + k − n, 0) per axis, the smaller half before and the larger after (so a stride-2 3×3 conv
 * on an even size pads bottom/right only).
 */
export function tfPads(size: readonly [number, number], kernel: number, stride: number, padding: Padding): number[] {
  if (padding === 'valid') return [0, 0, 0, 0];
  const split = (n: number): [number, number] => {
    const total = Math.max((Math.ceil(n / stride) - 1) * stride + kernel - n, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  };
  const [top, bottom] = split(size[0]);
  const [left, right] = split(size[1]);
  return [top, left, bottom, right];
}

/**
 * Folds a BN into the linear layer before it: kernel (last axis = output channels) times s = γ/√(σ² + ε),
 * bias (b − μ)·s + β. Computed in float64 and rounded once, as `compileInference` does in float32 tf ops.
 */
export function foldNorm(kernel: Float32Array, bias: Float32Array | undefined, norm: NormParams | undefined): { kernel: Float32Array; bias: Float32Array | undefined } {
  if (!norm) return { kernel, bias };
  const c = norm.gamma.length;
  const scale = new Float32Array(c);
  for (let i = 0; i < c; i++) scale[i] = norm.gamma[i] / Math.sqrt(norm.variance[i] + norm.epsilon);
  const folded = new Float32Array(kernel.length);
  for (let i = 0; i < kernel.length; i++) folded[i] = kernel[i] * scale[i % c];
  const shift = new Float32Array(c);
  for (let i = 0; i < c; i++) shift[i] = ((bias?.[i] ?? 0) - norm.mean[i]) * scale[i] + norm.beta[i];
  return { kernel: folded, bias: shift };
}
