/**
 * Shared by Sum and Mean: a reduction over a contiguous block of axes that ends before the last axis (the batch
 * norm case: [B, H, W, C] over [0, 1, 2]) is an average pool of x viewed as [outer, n, 1, inner] with an n×1
 * window. The built-ins first transpose the reduced axes innermost (a full copy) and then reduce with a scalar
 * loop; XNNPACK's average pooling reads x once, in place, ~20× faster, with the same or smaller rounding error.
 */
import * as tf from '@tensorflow/tfjs';
import type { Scratch } from './compose';

export interface BlockReductionPlan {
  /** Elements before, inside and after the reduced block. */
  readonly outer: number;
  readonly n: number;
  readonly inner: number;
  readonly outShape: number[];
}

/** The plan, or undefined when the built-in is as good (innermost axes, nothing to reduce) or the axes are split. */
export function blockReductionPlan(
  shape: readonly number[],
  axis: number | number[],
  keepDims: boolean,
): BlockReductionPlan | undefined {
  const axes = [...new Set(tf.util.parseAxisParam(axis, [...shape]))].sort((a, b) => a - b);
  if (axes.length === 0) return undefined;
  const first = axes[0];
  const last = axes[axes.length - 1];
  if (last - first + 1 !== axes.length || last === shape.length - 1) return undefined;
  const size = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);
  const plan = {
    outer: size(shape.slice(0, first)),
    n: size(shape.slice(first, last + 1)),
    inner: size(shape.slice(last + 1)),
    outShape: keepDims ? shape.map((d, i) => (i >= first && i <= last ? 1 : d)) : shape.filter((_, i) => i < first || i > last),
  };
  // XNNPACK rejects a 1-element window; an empty tensor has nothing to pool.
  return plan.n > 1 && plan.outer * plan.inner > 0 ? plan : undefined;
}

/** Mean over the block as [outer, 1, 1, inner]. */
export function blockMean(s: Scratch, x: tf.TensorInfo, plan: BlockReductionPlan): tf.TensorInfo {
  const view = s.run('Reshape', { x }, { shape: [plan.outer, plan.n, 1, plan.inner] });
  return s.run('AvgPool', { x: view }, { filterSize: [plan.n, 1], strides: [1, 1], pad: 'valid' });
}
