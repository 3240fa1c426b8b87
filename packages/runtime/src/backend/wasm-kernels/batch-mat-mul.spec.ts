import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../rng';
import { transposeCosts } from './batch-mat-mul';
import { backendDataIds, normalValues, onBackend, relativeError, setUpWasm, sizeOf } from './spec-support';

beforeAll(setUpWasm);

describe('transposeCosts', () => {
  it('packs the batch side for dy·Wᵀ and transposes x for xᵀ·dy (dense gradients, batch 8, 300→200)', () => {
    const dx = transposeCosts(8, 200, 300, false, true);
    expect(dx.swapped).toBeLessThan(dx.direct);
    const dw = transposeCosts(300, 8, 200, true, false);
    expect(dw.direct).toBeLessThan(dw.swapped);
  });
});

const CASES: Array<{ a: number[]; b: number[]; transposeA: boolean; transposeB: boolean }> = [
  { a: [6, 5], b: [6, 7], transposeA: true, transposeB: false },
  { a: [6, 5], b: [7, 5], transposeA: false, transposeB: true },
  { a: [5, 6], b: [7, 5], transposeA: true, transposeB: true },
  { a: [1, 9, 4], b: [1, 9, 3], transposeA: true, transposeB: false },
  { a: [3, 40], b: [50, 40], transposeA: false, transposeB: true },
  // built-in paths: untransposed, batched
  { a: [4, 5], b: [5, 6], transposeA: false, transposeB: false },
  { a: [2, 3, 4], b: [2, 5, 4], transposeA: false, transposeB: true },
];

describe('wasm BatchMatMul matches cpu', () => {
  it.each(CASES)('a $a b $b transposeA $transposeA transposeB $transposeB', async ({ a, b, transposeA, transposeB }) => {
    const rng = new Rng(8);
    const av = normalValues(sizeOf(a), rng);
    const bv = normalValues(sizeOf(b), rng);
    const run = (backend: 'cpu' | 'wasm') =>
      onBackend(backend, () => {
        const out = tf.engine().runKernel('BatchMatMul', { a: tf.tensor(av, a), b: tf.tensor(bv, b) }, { transposeA, transposeB }) as tf.Tensor;
        return { shape: out.shape, values: out.dataSync() as Float32Array };
      });
    const expected = await run('cpu');
    const actual = await run('wasm');
    expect(actual.shape).toEqual(expected.shape);
    expect(relativeError(actual.values, expected.values)).toBeLessThan(1e-5);
  });

  it('frees its intermediates', async () => {
    await tf.setBackend('wasm');
    const before = backendDataIds();
    tf.tidy(() => {
      tf.matMul(tf.randomNormal([4, 6]), tf.randomNormal([4, 3]), true, false);
      tf.matMul(tf.randomNormal([2, 30]), tf.randomNormal([20, 30]), false, true);
    });
    expect(backendDataIds()).toBe(before);
  });
});
