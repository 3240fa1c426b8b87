import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../rng';
import { CONV_CASES, outputShape, type ConvCase } from './conv-cases';
import { MAX_COMPOSED_STRIDE } from './conv2d-backprop-input';
import { backendDataIds, normalValues, onBackend, relativeError, runKernelValues, setUpWasm, sizeOf } from './spec-support';

beforeAll(setUpWasm);

/** FCN-32s' upsampling layer, shrunk: a 64×64 transposed conv with stride 32 (takes the built-in path). */
const FCN_UPSAMPLE: ConvCase = { name: '64×64 s32 same (FCN-32s)', x: [1, 64, 64, 2], filter: [64, 64, 2, 3], strides: [32, 32], pad: 'same' };

async function compareDx(c: ConvCase): Promise<number> {
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad);
  const dyShape = outputShape(c, info);
  const rng = new Rng(23);
  const dy = normalValues(sizeOf(dyShape), rng);
  const w = normalValues(sizeOf(c.filter), rng);
  const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x };
  const dx = (backend: 'cpu' | 'wasm') =>
    onBackend(backend, () =>
      runKernelValues('Conv2DBackpropInput', { dy: tf.tensor(dy, dyShape), filter: tf.tensor(w, c.filter) }, attrs),
    );
  const expected = await dx('cpu');
  const actual = await dx('wasm');
  expect(actual).toHaveLength(sizeOf(c.x));
  return relativeError(actual, expected);
}

describe('wasm Conv2DBackpropInput matches cpu', () => {
  it.each([...CONV_CASES, FCN_UPSAMPLE])('$name', async (c) => {
    expect(await compareDx(c)).toBeLessThan(1e-5);
  });

  it('covers both the composed and the built-in path', () => {
    const strides = [...CONV_CASES, FCN_UPSAMPLE].map((c) => Math.max(...c.strides));
    expect(strides.some((s) => s > 1 && s <= MAX_COMPOSED_STRIDE)).toBe(true);
    expect(strides.some((s) => s > MAX_COMPOSED_STRIDE)).toBe(true);
  });

  it('frees its intermediates', async () => {
    await tf.setBackend('wasm');
    const before = backendDataIds();
    tf.tidy(() => {
      const dy = tf.randomNormal([2, 4, 4, 3]);
      const filter = tf.randomNormal([3, 3, 2, 3]);
      tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, {
        strides: [2, 2],
        pad: 'same',
        dataFormat: 'NHWC',
        inputShape: [2, 7, 7, 2],
      });
    });
    expect(backendDataIds()).toBe(before);
  });

  it('gives the input gradient of tf.conv2d and the output of tf.conv2dTranspose', async () => {
    const rng = new Rng(6);
    const x = normalValues(2 * 8 * 8 * 3, rng);
    const w = normalValues(3 * 3 * 3 * 4, rng);
    const small = normalValues(2 * 4 * 4 * 4, rng);
    const run = (backend: 'cpu' | 'wasm') =>
      onBackend(backend, () => {
        const wt = tf.tensor(w, [3, 3, 3, 4]) as tf.Tensor4D;
        const f = (xt: tf.Tensor) => tf.conv2d(xt as tf.Tensor4D, wt, 2, 'same').square().sum();
        const dx = tf.grad(f)(tf.tensor(x, [2, 8, 8, 3]));
        const y = tf.conv2dTranspose(tf.tensor4d(small, [2, 4, 4, 4]), wt, [2, 8, 8, 3], 2, 'same');
        return [dx.dataSync() as Float32Array, y.dataSync() as Float32Array];
      });
    const [dxCpu, yCpu] = await run('cpu');
    const [dxWasm, yWasm] = await run('wasm');
    expect(relativeError(dxWasm, dxCpu)).toBeLessThan(1e-5);
    expect(relativeError(yWasm, yCpu)).toBeLessThan(1e-5);
  });
});
