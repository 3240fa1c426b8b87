import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../rng';
import { blockReductionPlan } from './block-reduction';
import { backendDataIds, normalValues, onBackend, relativeError, runKernelValues, setUpWasm, sizeOf } from './spec-support';

beforeAll(setUpWasm);

describe('blockReductionPlan', () => {
  it('pools leading and middle blocks, keeping or dropping the reduced axes', () => {
    expect(blockReductionPlan([4, 5, 6, 3], [0, 1, 2], false)).toEqual({ outer: 1, n: 120, inner: 3, outShape: [3] });
    expect(blockReductionPlan([4, 5, 6, 3], [1, 2], true)).toEqual({ outer: 4, n: 30, inner: 3, outShape: [4, 1, 1, 3] });
    expect(blockReductionPlan([4, 5, 6, 3], [-3], false)).toEqual({ outer: 4, n: 5, inner: 18, outShape: [4, 6, 3] });
  });

  it('leaves innermost, split and trivial reductions to the built-in', () => {
    expect(blockReductionPlan([4, 5, 6, 3], [3], false)).toBeUndefined();
    expect(blockReductionPlan([4, 5, 6, 3], [0, 1, 2, 3], false)).toBeUndefined();
    expect(blockReductionPlan([4, 5, 6, 3], [0, 2], false)).toBeUndefined();
    expect(blockReductionPlan([1, 5, 3], [0], false)).toBeUndefined();
  });
});

const CASES: Array<{ shape: number[]; axis: number[]; keepDims: boolean }> = [
  { shape: [4, 5, 6, 3], axis: [0, 1, 2], keepDims: false },
  { shape: [4, 5, 6, 3], axis: [0, 1, 2], keepDims: true },
  { shape: [3, 5, 4, 2], axis: [1, 2], keepDims: false },
  { shape: [6, 7], axis: [0], keepDims: false },
  { shape: [2, 3, 4], axis: [1], keepDims: true },
  // built-in paths
  { shape: [4, 5, 3], axis: [2], keepDims: false },
  { shape: [4, 5, 3], axis: [0, 2], keepDims: false },
  { shape: [4, 5, 3], axis: [0, 1, 2], keepDims: false },
];

describe.each(['Sum', 'Mean'])('wasm %s matches cpu', (kernel) => {
  it.each(CASES)('shape $shape axis $axis keepDims $keepDims', async ({ shape, axis, keepDims }) => {
    const values = normalValues(sizeOf(shape), new Rng(4)).map((v) => v + 0.3);
    const run = (backend: 'cpu' | 'wasm') =>
      onBackend(backend, () => {
        const out = tf.engine().runKernel(kernel, { x: tf.tensor(values, shape) }, { axis, keepDims }) as tf.Tensor;
        return { shape: out.shape, values: out.dataSync() as Float32Array };
      });
    const expected = await run('cpu');
    const actual = await run('wasm');
    expect(actual.shape).toEqual(expected.shape);
    expect(relativeError(actual.values, expected.values)).toBeLessThan(1e-5);
  });

  it('int32 input takes the built-in', async () => {
    const run = (backend: 'cpu' | 'wasm') =>
      onBackend(backend, () => runKernelValues(kernel, { x: tf.tensor([[1, 2], [3, 5]], [2, 2], 'int32') }, { axis: [0], keepDims: false }));
    expect(Array.from(await run('wasm'))).toEqual(Array.from(await run('cpu')));
  });

  it('frees its intermediates', async () => {
    await tf.setBackend('wasm');
    const before = backendDataIds();
    tf.tidy(() => void tf.engine().runKernel(kernel, { x: tf.randomNormal([2, 3, 3, 4]) }, { axis: [0, 1, 2], keepDims: false }));
    expect(backendDataIds()).toBe(before);
  });
});
