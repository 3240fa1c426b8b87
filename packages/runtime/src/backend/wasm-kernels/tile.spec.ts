import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../rng';
import { backendDataIds, normalValues, onBackend, relativeError, runKernelValues, setUpWasm, sizeOf } from './spec-support';
import { broadcastPlan } from './tile';

beforeAll(setUpWasm);

describe('broadcastPlan', () => {
  it('needs no extra axis when every tiled axis has size 1 (the batch-norm gradient case)', () => {
    expect(broadcastPlan([1, 1, 1, 8], [4, 6, 6, 1])).toEqual({ x: [1, 8], zeros: [144, 8] });
  });

  it('splits a tiled axis of size > 1 into [reps, size] and merges neighbours of the same kind', () => {
    expect(broadcastPlan([3, 2], [2, 1])).toEqual({ x: [1, 6], zeros: [2, 6] });
    expect(broadcastPlan([2, 3], [1, 4])).toEqual({ x: [2, 1, 3], zeros: [2, 4, 3] });
  });
});

const CASES: Array<{ shape: number[]; reps: number[]; dtype?: 'float32' | 'int32' }> = [
  { shape: [1, 1, 1, 5], reps: [2, 3, 4, 1] },
  { shape: [5], reps: [3] },
  { shape: [3, 1], reps: [2, 4] },
  { shape: [2, 3, 4], reps: [2, 1, 3] },
  { shape: [2, 1, 3], reps: [1, 5, 1] },
  { shape: [], reps: [] },
  // More than 6 axes after splitting: the built-in runs.
  { shape: [2, 2, 2, 2], reps: [2, 2, 2, 2] },
  { shape: [2, 3], reps: [2, 2], dtype: 'int32' },
];

describe('wasm Tile matches cpu', () => {
  it.each(CASES)('shape $shape reps $reps $dtype', async ({ shape, reps, dtype = 'float32' }) => {
    const values = Array.from(normalValues(sizeOf(shape), new Rng(3), 10), (v) => (dtype === 'int32' ? Math.round(v) : v));
    const run = (backend: 'cpu' | 'wasm') =>
      onBackend(backend, () => runKernelValues('Tile', { x: tf.tensor(values, shape, dtype) }, { reps }));
    const expected = await run('cpu');
    const actual = await run('wasm');
    expect(actual).toHaveLength(sizeOf(shape) * sizeOf(reps));
    expect(relativeError(actual, expected)).toBe(0);
  });

  it('frees its intermediates', async () => {
    await tf.setBackend('wasm');
    const before = backendDataIds();
    tf.tidy(() => {
      tf.tile(tf.randomNormal([1, 1, 1, 4]), [2, 3, 3, 1]);
      tf.tile(tf.randomNormal([2, 3]), [3, 2]);
    });
    expect(backendDataIds()).toBe(before);
  });
});
