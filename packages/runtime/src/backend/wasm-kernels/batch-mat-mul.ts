/**
 * BatchMatMul for wasm with transposed operands (the dense layer's gradients: dW = xᵀ·dy, dx = dy·Wᵀ). The
 * built-in hands only untransposed, batch-1 products to XNNPACK and runs everything else as a blocked scalar loop,
 * 5–15× slower. Here the operands are transposed explicitly and the product goes to the fast path, either as
 * C = A′·B′ or as C = (B′ᵀ·A′ᵀ)ᵀ, whichever moves fewer elements: XNNPACK repacks its right operand on every
 * call, and a small right operand (the batch side) keeps that cheap.
 */
import * as tf from '@tensorflow/tfjs';
import { callKernel, overrideConfig, withScratch, type OverrideConfig, type Scratch } from './compose';

/** Elements read or written beyond the product itself, for each way of computing it. */
export function transposeCosts(m: number, k: number, n: number, transposeA: boolean, transposeB: boolean): { direct: number; swapped: number } {
  return {
    // transpose what is transposed, pack B′ [k, n]
    direct: (transposeA ? m * k : 0) + (transposeB ? k * n : 0) + k * n,
    // transpose what is not, pack A′ᵀ [k, m], transpose the [n, m] result
    swapped: (transposeB ? 0 : k * n) + (transposeA ? 0 : m * k) + k * m + m * n,
  };
}

export function batchMatMulConfig(builtin: tf.KernelConfig | undefined): OverrideConfig {
  if (builtin === undefined) throw new Error('wasm BatchMatMul: the built-in kernel is needed for untransposed products');
  const builtinFunc = builtin.kernelFunc;
  function batchMatMul(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
    const backend = args.backend as tf.KernelBackend;
    const { a, b } = args.inputs as tf.BatchMatMulInputs;
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    if (a === undefined || b === undefined) throw new Error('BatchMatMul needs inputs a and b');
    const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
    const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
    if ((!transposeA && !transposeB) || batchA !== 1 || batchB !== 1 || a.dtype !== 'float32' || b.dtype !== 'float32') {
      return callKernel(builtinFunc, backend, args.inputs, args.attrs);
    }
    const [aRows, aCols] = a.shape.slice(-2);
    const [bRows, bCols] = b.shape.slice(-2);
    const [m, k] = transposeA ? [aCols, aRows] : [aRows, aCols];
    const n = transposeB ? bRows : bCols;
    const outShape = [...(a.shape.length >= b.shape.length ? a.shape : b.shape).slice(0, -2), m, n];
    const cost = transposeCosts(m, k, n, transposeA, transposeB);
    return withScratch(backend, (s) => {
      if (cost.direct <= cost.swapped) {
        const left = matrix(s, a, aRows, aCols, transposeA);
        const right = matrix(s, b, bRows, bCols, transposeB);
        const product = s.call(builtinFunc, { a: left, b: right }, { transposeA: false, transposeB: false });
        return s.run('Reshape', { x: product }, { shape: outShape });
      }
      const left = matrix(s, b, bRows, bCols, !transposeB);
      const right = matrix(s, a, aRows, aCols, !transposeA);
      const productT = s.call(builtinFunc, { a: left, b: right }, { transposeA: false, transposeB: false });
      const product = s.run('Transpose', { x: productT }, { perm: [0, 2, 1] });
      return s.run('Reshape', { x: product }, { shape: outShape });
    });
  }
  return overrideConfig(tf.BatchMatMul, builtin, batchMatMul);
}

/** x as a [1, rows, cols] matrix, transposed when `transpose`. */
function matrix(s: Scratch, x: tf.TensorInfo, rows: number, cols: number, transpose: boolean): tf.TensorInfo {
  const view = s.run('Reshape', { x }, { shape: [1, rows, cols] });
  return transpose ? s.run('Transpose', { x: view }, { perm: [0, 2, 1] }) : view;
}
