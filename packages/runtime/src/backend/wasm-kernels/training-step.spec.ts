/**
 * End to end: one training step of small models in the shape of the project's three networks gives the same
 * weights on wasm (with the training kernels) as on cpu. The models are built twice, once per backend, and get
 * the same seeded weights and data.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../rng';
import { normalValues, onBackend, relativeError, setUpWasm, sizeOf } from './spec-support';

beforeAll(() => setUpWasm(false));

type Sym = tf.SymbolicTensor;
const apply = (layer: tf.layers.Layer, x: Sym | Sym[]): Sym => layer.apply(x) as Sym;

/** conv-BN-ReLU-maxpool, a BN → maxpool block (signed pooling input), dense-BN-ReLU, dense. */
function vggStyle(): tf.LayersModel {
  const x = tf.input({ shape: [8, 8, 3] });
  let h = apply(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }), x);
  h = apply(tf.layers.batchNormalization(), h);
  h = apply(tf.layers.reLU(), h);
  h = apply(tf.layers.maxPooling2d({ poolSize: 2 }), h);
  h = apply(tf.layers.conv2d({ filters: 5, kernelSize: 3, padding: 'same' }), h);
  h = apply(tf.layers.batchNormalization(), h);
  h = apply(tf.layers.maxPooling2d({ poolSize: 2 }), h);
  h = apply(tf.layers.flatten(), h);
  h = apply(tf.layers.dense({ units: 6 }), h);
  h = apply(tf.layers.batchNormalization(), h);
  h = apply(tf.layers.reLU(), h);
  return tf.model({ inputs: x, outputs: apply(tf.layers.dense({ units: 3 }), h) });
}

/** 7×7 stride-2 stem, a residual block with a stride-2 conv and a 1×1 stride-2 projection, global average pool. */
function resnetStyle(): tf.LayersModel {
  const x = tf.input({ shape: [9, 9, 3] });
  let h = apply(tf.layers.conv2d({ filters: 4, kernelSize: 7, strides: 2, padding: 'same', useBias: false }), x);
  h = apply(tf.layers.batchNormalization(), h);
  h = apply(tf.layers.reLU(), h);
  let main = apply(tf.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', useBias: false }), h);
  main = apply(tf.layers.batchNormalization(), main);
  main = apply(tf.layers.reLU(), main);
  main = apply(tf.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', useBias: false }), main);
  main = apply(tf.layers.batchNormalization(), main);
  const shortcut = apply(tf.layers.conv2d({ filters: 6, kernelSize: 1, strides: 2, padding: 'valid', useBias: false }), h);
  h = apply(tf.layers.reLU(), apply(tf.layers.add(), [main, shortcut]));
  h = apply(tf.layers.globalAveragePooling2d({}), h);
  return tf.model({ inputs: x, outputs: apply(tf.layers.dense({ units: 3 }), h) });
}

/** Pool to 1/32, 7×7 conv, dropout (seeded, so both backends drop the same units), 1×1 score, ×32 upsampling. */
function fcnStyle(): tf.LayersModel {
  const x = tf.input({ shape: [64, 64, 3] });
  let h = apply(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }), x);
  h = apply(tf.layers.maxPooling2d({ poolSize: 32 }), h);
  h = apply(tf.layers.conv2d({ filters: 5, kernelSize: 7, padding: 'same', activation: 'relu' }), h);
  h = apply(tf.layers.dropout({ rate: 0.5, seed: 1 }), h);
  h = apply(tf.layers.conv2d({ filters: 3, kernelSize: 1 }), h);
  const up = tf.layers.conv2dTranspose({ filters: 3, kernelSize: 64, strides: 32, padding: 'same', useBias: false });
  return tf.model({ inputs: x, outputs: apply(up, h) });
}

interface StepData {
  weights: Float32Array[];
  x: Float32Array;
  labels: Int32Array;
}

function makeData(model: tf.LayersModel, seed: number): StepData {
  const rng = new Rng(seed);
  const weights = model.weights.map((w) => {
    const v = normalValues(sizeOf(w.shape as number[]), rng, 0.5);
    // Moving variances must stay positive; training mode does not read them, but they are compared after the step.
    return w.name.includes('moving_variance') ? v.map((e) => 1 + Math.abs(e)) : v;
  });
  const inShape = [2, ...(model.inputs[0].shape.slice(1) as number[])];
  const outShape = [2, ...(model.outputs[0].shape.slice(1) as number[])];
  const classes = outShape[outShape.length - 1];
  return {
    weights,
    x: normalValues(sizeOf(inShape), rng),
    labels: Int32Array.from({ length: sizeOf(outShape) / classes }, () => rng.int(classes)),
  };
}

function tensorsFor(model: tf.LayersModel, data: StepData): { x: tf.Tensor; y: tf.Tensor } {
  model.setWeights(data.weights.map((w, i) => tf.tensor(w, model.weights[i].shape as number[])));
  const inShape = [2, ...(model.inputs[0].shape.slice(1) as number[])];
  const outShape = [2, ...(model.outputs[0].shape.slice(1) as number[])];
  const classes = outShape[outShape.length - 1];
  return { x: tf.tensor(data.x, inShape), y: tf.oneHot(tf.tensor(data.labels, outShape.slice(0, -1), 'int32'), classes) };
}

/** One optimizer.minimize step; returns every weight (trainable and BN moving statistics) afterwards. */
function sgdStep(build: () => tf.LayersModel, data: StepData): Float32Array[] {
  const model = build();
  const { x, y } = tensorsFor(model, data);
  tf.train.sgd(0.1).minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
  return model.weights.map((w) => w.read().dataSync() as Float32Array);
}

function maxAbsDiff(a: Float32Array[], b: Float32Array[]): number {
  let m = 0;
  a.forEach((arr, i) => arr.forEach((v, j) => (m = Math.max(m, Math.abs(v - b[i][j])))));
  return m;
}

describe('one SGD step agrees between wasm and cpu', () => {
  it.each([
    ['VGG-style', vggStyle],
    ['ResNet-style', resnetStyle],
    ['FCN-style', fcnStyle],
  ] as const)('%s', async (_name, build) => {
    const data = await onBackend('cpu', () => makeData(build(), 7));
    const expected = await onBackend('cpu', () => sgdStep(build, data));
    const actual = await onBackend('wasm', () => sgdStep(build, data));
    const update = maxAbsDiff(expected, data.weights);
    expect(update).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(actual, expected) / update).toBeLessThan(1e-5);
  });

  it('tf.variableGrads gives the same gradients (custom training loop)', async () => {
    const grads = (data: StepData) => {
      const model = resnetStyle();
      const { x, y } = tensorsFor(model, data);
      // LayerVariable.read() hands out the underlying tf.Variable.
      const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const { grads: g } = tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
        variables,
      );
      return variables.map((v) => g[v.name].dataSync() as Float32Array);
    };
    const data = await onBackend('cpu', () => makeData(resnetStyle(), 9));
    const expected = await onBackend('cpu', () => grads(data));
    const actual = await onBackend('wasm', () => grads(data));
    expect(actual).toHaveLength(expected.length);
    actual.forEach((g, i) => expect(relativeError(g, expected[i])).toBeLessThan(1e-5));
  });
});
