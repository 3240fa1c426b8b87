import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../rng';
import { CONV_CASES, outputShape } from './conv-cases';
import { backendDataIds, normalValues, onBackend, relativeError, runKernelValues, setUpWasm, sizeOf } from './spec-support';

beforeAll(setUpWasm);

describe('wasm Conv2DBackpropFilter (composed) matches cpu', () => {
  it.each(CONV_CASES)('$name', async (c) => {
    const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad);
    const dyShape = outputShape(c, info);
    const rng = new Rng(11);
    const x = normalValues(sizeOf(c.x), rng);
    const dy = normalValues(sizeOf(dyShape), rng);
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter };
    const dw = (backend: 'cpu' | 'wasm') =>
      onBackend(backend, () =>
        runKernelValues('Conv2DBackpropFilter', { x: tf.tensor(x, c.x), dy: tf.tensor(dy, dyShape) }, attrs),
      );
    const expected = await dw('cpu');
    const actual = await dw('wasm');
    expect(actual).toHaveLength(sizeOf(c.filter));
    expect(relativeError(actual, expected)).toBeLessThan(1e-5);
  });

  it('frees its intermediates', async () => {
    await tf.setBackend('wasm');
    const before = backendDataIds();
    tf.tidy(() => {
      const x = tf.randomNormal([2, 7, 7, 3]);
      const dy = tf.randomNormal([2, 3, 3, 4]);
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
        strides: [2, 2],
        pad: 'valid',
        dataFormat: 'NHWC',
        filterShape: [3, 3, 3, 4],
      });
    });
    expect(backendDataIds()).toBe(before);
  });

  it('gives the filter gradient of tf.conv2d through tf.grads', async () => {
    const rng = new Rng(5);
    const x = normalValues(2 * 9 * 9 * 3, rng);
    const w = normalValues(3 * 3 * 3 * 4, rng);
    const grad = (backend: 'cpu' | 'wasm') =>
      onBackend(backend, () => {
        const f = (xt: tf.Tensor, wt: tf.Tensor) => tf.conv2d(xt as tf.Tensor4D, wt as tf.Tensor4D, 2, 'same').square().sum();
        const [, dw] = tf.grads(f)([tf.tensor(x, [2, 9, 9, 3]), tf.tensor(w, [3, 3, 3, 4])]);
        return dw.dataSync() as Float32Array;
      });
    const expected = await grad('cpu');
    expect(relativeError(await grad('wasm'), expected)).toBeLessThan(1e-5);
  });

  it("rejects dataFormat 'NCHW', naming it", async () => {
    await tf.setBackend('wasm');
    expect(() =>
      tf.tidy(() =>
        tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.zeros([1, 4, 4, 2]), dy: tf.zeros([1, 4, 4, 2]) }, {
          strides: 1,
          pad: 'same',
          dataFormat: 'NCHW',
          filterShape: [1, 1, 2, 2],
        }),
      ),
    ).toThrow(/dataFormat 'NHWC' only, got 'NCHW'/);
  });
});
