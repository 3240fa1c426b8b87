import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../rng';
import { backendDataIds, normalValues, onBackend, relativeError, runKernelValues, setUpWasm, sizeOf } from './spec-support';
import { activeWasmTrainingKernels, registerWasmTrainingKernels, restoreWasmBuiltinKernels } from './index';

beforeAll(setUpWasm);

interface PoolCase {
  name: string;
  shape: [number, number, number, number];
  filterSize: [number, number];
  strides: [number, number];
  pad: 'same' | 'valid';
  /** maps a standard normal sample to the input value */
  value: (v: number) => number;
}

const allNegative = (v: number) => -1 - Math.abs(v);
const CASES: PoolCase[] = [
  { name: '2×2 s2 valid, all negative', shape: [2, 6, 6, 3], filterSize: [2, 2], strides: [2, 2], pad: 'valid', value: allNegative },
  { name: '3×3 s2 same, all negative', shape: [1, 7, 5, 2], filterSize: [3, 3], strides: [2, 2], pad: 'same', value: allNegative },
  { name: '3×3 s1 same, signed', shape: [2, 5, 6, 2], filterSize: [3, 3], strides: [1, 1], pad: 'same', value: (v) => v },
  { name: '2×2 s2 valid, positive', shape: [2, 4, 4, 3], filterSize: [2, 2], strides: [2, 2], pad: 'valid', value: (v) => 1 + Math.abs(v) },
  { name: '2×3 s(2,1) valid, signed', shape: [1, 6, 5, 2], filterSize: [2, 3], strides: [2, 1], pad: 'valid', value: (v) => v },
  // Exact tiling takes the ArgMax route, which breaks ties like cpu (first cell): after a ReLU, zeros tie.
  { name: '2×2 s2 same, ReLU zeros tie', shape: [2, 4, 6, 3], filterSize: [2, 2], strides: [2, 2], pad: 'same', value: (v) => Math.max(0, v - 0.5) },
  { name: '3×2 s(3,2) valid, all negative', shape: [1, 6, 4, 2], filterSize: [3, 2], strides: [3, 2], pad: 'valid', value: allNegative },
];

/** dx of max pooling, through the registered MaxPoolGrad kernel. */
function maxPoolGradValues(c: PoolCase, x: Float32Array, dy: Float32Array, dyShape: number[]): Float32Array {
  const input = tf.tensor(x, c.shape);
  const output = tf.maxPool(input as tf.Tensor4D, c.filterSize, c.strides, c.pad);
  const attrs = { filterSize: c.filterSize, strides: c.strides, pad: c.pad };
  return runKernelValues('MaxPoolGrad', { dy: tf.tensor(dy, dyShape), input, output }, attrs);
}

async function compare(c: PoolCase): Promise<{ fixed: number; builtin: number }> {
  const info = tf.backend_util.computePool2DInfo(c.shape, c.filterSize, c.strides, 1, c.pad);
  const dyShape = [c.shape[0], info.outHeight, info.outWidth, c.shape[3]];
  const rng = new Rng(17);
  const x = normalValues(sizeOf(c.shape), rng).map(c.value);
  const dy = normalValues(sizeOf(dyShape), rng);
  const expected = await onBackend('cpu', () => maxPoolGradValues(c, x, dy, dyShape));
  const fixed = await onBackend('wasm', () => maxPoolGradValues(c, x, dy, dyShape));
  restoreWasmBuiltinKernels();
  try {
    const builtin = await onBackend('wasm', () => maxPoolGradValues(c, x, dy, dyShape));
    return { fixed: relativeError(fixed, expected), builtin: relativeError(builtin, expected) };
  } finally {
    registerWasmTrainingKernels();
  }
}

describe('wasm MaxPoolGrad matches cpu', () => {
  it.each(CASES)('$name', async (c) => {
    expect((await compare(c)).fixed).toBeLessThan(1e-6);
  });

  it('fixes a real bug: the built-in misroutes the gradient of all-negative windows', async () => {
    expect((await compare(CASES[0])).builtin).toBeGreaterThan(0.5);
    expect(activeWasmTrainingKernels()).toContain('MaxPoolGrad');
  });

  it('frees its intermediates', async () => {
    await tf.setBackend('wasm');
    const before = backendDataIds();
    tf.tidy(() => {
      const x = tf.randomNormal([1, 4, 4, 2]).abs().neg();
      tf.grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid').sum())(x);
    });
    expect(backendDataIds()).toBe(before);
  });
});
