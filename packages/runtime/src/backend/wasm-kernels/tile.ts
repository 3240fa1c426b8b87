/**
 * Tile for wasm. The built-in is an element-by-element index loop, ~40× slower than broadcasting the same data;
 * the batch-norm gradient tiles a [1, 1, 1, C] tensor to the activation's full shape every step.
 *
 * Tiling axis i of size n by r equals broadcasting x viewed as [1, n] against [r, n] and flattening (and when
 * n = 1 or r = 1 no extra axis is needed), so the output is zeros(expanded) + x(expanded), done by XNNPACK's
 * broadcasting add. Adjacent axes of the same kind are merged; if more than 6 axes remain (XNNPACK's limit),
 * or the dtype is not float32, the built-in runs.
 */
import * as tf from '@tensorflow/tfjs';
import { callKernel, overrideConfig, withScratch, type OverrideConfig } from './compose';

const MAX_BROADCAST_RANK = 6;

/** Shapes for x and for the zeros it is broadcast against; merging keeps the rank low. */
export function broadcastPlan(shape: readonly number[], reps: readonly number[]): { x: number[]; zeros: number[] } {
  const dims: Array<[number, number]> = [];
  shape.forEach((n, i) => {
    const r = reps[i];
    if (r === 1 || n === 1) dims.push([n, n * r]);
    else dims.push([1, r], [n, n]);
  });
  const x: number[] = [];
  const zeros: number[] = [];
  let prevKind: 'same' | 'spread' | undefined;
  for (const [xd, zd] of dims) {
    const kind = xd === zd ? 'same' : 'spread';
    if (kind === prevKind) {
      x[x.length - 1] *= xd;
      zeros[zeros.length - 1] *= zd;
    } else {
      x.push(xd);
      zeros.push(zd);
    }
    prevKind = kind;
  }
  return { x, zeros };
}

export function tileConfig(builtin: tf.KernelConfig | undefined): OverrideConfig {
  function tile(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
    const backend = args.backend as tf.KernelBackend;
    const { x } = args.inputs as tf.TileInputs;
    const { reps } = args.attrs as unknown as tf.TileAttrs;
    if (x === undefined) throw new Error('Tile needs input x');
    const outShape = x.shape.map((n, i) => n * reps[i]);
    const plan = broadcastPlan(x.shape, reps);
    if (x.dtype !== 'float32' || plan.zeros.length > MAX_BROADCAST_RANK || tf.util.sizeFromShape(outShape) === 0) {
      if (builtin === undefined) throw new Error('wasm Tile: no built-in kernel to fall back to');
      return callKernel(builtin.kernelFunc, backend, args.inputs, args.attrs);
    }
    return withScratch(backend, (s) => {
      const zeros = s.run('Fill', {}, { shape: plan.zeros, value: 0, dtype: 'float32' });
      const xView = s.run('Reshape', { x }, { shape: plan.x });
      const sum = s.run('Add', { a: zeros, b: xView });
      return s.run('Reshape', { x: sum }, { shape: outShape });
    });
  }
  return overrideConfig(tf.Tile, builtin, tile);
}
