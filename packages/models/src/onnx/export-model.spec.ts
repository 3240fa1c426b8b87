import * as tf from '@tensorflow/tfjs';
import { Rng, selectBackend } from '@l2p/runtime';
import { onnx } from 'onnx-proto';
import { buildModel } from '../build/builder';
import { describeModel } from '../describe';
import { removeFilters } from '../surgery/remove-filters';
import { randomImages, randomKeep, randomWeights, relativeMaxDiff, TINY, tinyDescription } from '../testing/fixtures';
import { disposeWeights } from '../weights/types';
import { exportOnnx } from './export-model';
import { OnnxNet } from './onnx-net';

beforeAll(async () => {
  await selectBackend('cpu');
});

/** Removes a random half of every prunable layer's filters, for real. */
function pruneHalf(name: string, seed: number) {
  let description = tinyDescription(name);
  let weights = randomWeights(description, seed);
  const rng = new Rng(seed);
  for (const { name: layer } of description.groups) {
    const node = description.nodes.find((n) => n.name === layer);
    const filters = node?.kind === 'conv' ? node.filters : 0;
    const next = removeFilters(description, weights, layer, randomKeep(filters, Math.max(1, Math.floor(filters / 2)), rng));
    disposeWeights(weights);
    ({ description, weights } = next);
  }
  return { description, weights };
}

it("VGG-16 on MNIST's 28×28×1: odd sizes, where TensorFlow's 'same' pooling pads bottom/right only", async () => {
  const description = describeModel('vgg16', { width: 0.0625, inputShape: [28, 28, 1], numClasses: 10 });
  const weights = randomWeights(description, 3);
  const x = randomImages([2, 28, 28, 1], 4);
  const model = buildModel(description, weights);
  const expected = model.predict(x) as tf.Tensor;
  const net = await OnnxNet.create(description, weights);
  const got = await net.predict(x);
  expect(relativeMaxDiff(got, expected)).toBeLessThan(1e-4);
  await net.release();
  tf.dispose([x, expected, got]);
  model.dispose();
  disposeWeights(weights);
});

describe.each(Object.keys(TINY))('ONNX export: %s', (name) => {
  it.each(['unpruned', 'pruned'])('onnxruntime gives the tf.js model\'s outputs (≤ 1e-4), %s', async (variant) => {
    const { description, weights } = variant === 'pruned' ? pruneHalf(name, 5) : { description: tinyDescription(name), weights: randomWeights(tinyDescription(name), 5) };
    const x = randomImages([3, ...description.inputShape], 9);
    const model = buildModel(description, weights);
    const expected = model.predict(x) as tf.Tensor;
    const net = await OnnxNet.create(description, weights);
    const got = await net.predict(x);
    expect(got.shape).toEqual(expected.shape);
    expect(relativeMaxDiff(got, expected)).toBeLessThan(1e-4);
    // The outputs vary with the input (a constant network would pass the comparison trivially).
    expect(tf.tidy(() => tf.moments(expected).variance.dataSync()[0])).toBeGreaterThan(1e-6);
    await net.release();
    tf.dispose([x, expected, got]);
    model.dispose();
    disposeWeights(weights);
  });

  it('writes opset 13 with NHWC input, BN folded (no BatchNormalization node) and dropout dropped', () => {
    const description = tinyDescription(name);
    const weights = randomWeights(description, 2);
    const model = onnx.ModelProto.toObject(onnx.ModelProto.decode(exportOnnx(description, weights)), { longs: Number }) as onnx.IModelProto;
    disposeWeights(weights);
    expect(model.opsetImport?.[0].version).toBe(13);
    const ops = (model.graph?.node ?? []).map((n) => n.opType);
    expect(ops).not.toContain('BatchNormalization');
    expect(ops).not.toContain('Dropout');
    expect(ops.filter((o) => o === 'Conv').length).toBe(description.nodes.filter((n) => n.kind === 'conv').length);
    const dims = model.graph?.input?.[0].type?.tensorType?.shape?.dim?.map((d) => d.dimValue ?? d.dimParam);
    expect(dims).toEqual(['N', ...description.inputShape]);
  });
});
