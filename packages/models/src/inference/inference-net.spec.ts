import * as tf from '@tensorflow/tfjs';
import { Rng } from '@l2p/runtime';
import { buildModel } from '../build/builder';
import { randomImages, randomKeep, randomWeights, relativeMaxDiff, TINY, tinyDescription } from '../testing/fixtures';
import { disposeWeights } from '../weights/types';
import { InferenceNet } from './inference-net';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(Object.keys(TINY))('InferenceNet: %s', (name) => {
  const description = tinyDescription(name);
  const weights = randomWeights(description, 21);
  const net = new InferenceNet(description, weights);
  const x = randomImages([3, ...description.inputShape], 4);
  const full = net.predict(x);
  afterAll(() => {
    net.dispose();
    disposeWeights(weights);
    tf.dispose([x, full]);
  });

  it('matches the tfjs-layers model built from the same description and weights (BN folded)', () => {
    const model = buildModel(description, weights);
    const expected = model.predict(x) as tf.Tensor;
    expect(full.shape).toEqual(expected.shape);
    expect(relativeMaxDiff(full, expected)).toBeLessThan(1e-4);
    expected.dispose();
    model.dispose();
  });

  it('forwardFrom(activationsAfter(layer, x)) equals the full forward, for every unit', () => {
    for (const layer of net.units()) {
      const cache = net.activationsAfter(layer, x);
      const out = net.forwardFrom(cache);
      expect({ layer, diff: relativeMaxDiff(out, full) }).toEqual({ layer, diff: expect.any(Number) });
      expect(relativeMaxDiff(out, full)).toBeLessThan(1e-5);
      out.dispose();
      cache.dispose();
    }
  });

  it('scores K candidate masks in one batched pass, equal to K masked full forwards', () => {
    const rng = new Rng(8);
    const layer = description.groups[1].name;
    const node = description.nodes.find((n) => n.name === layer);
    const filters = node?.kind === 'conv' ? node.filters : 0;
    const later = description.groups[description.groups.length - 1];
    const laterNode = description.nodes.find((n) => n.name === later.name);
    const laterMask = Array.from({ length: laterNode?.kind === 'conv' ? laterNode.filters : 0 }, (_, i) => (i % 2 === 0 ? 1 : 0));
    const candidates = [1, 2, 3].map((count) => {
      const keep = randomKeep(filters, Math.min(count, filters), rng);
      return Float32Array.from({ length: filters }, (_, i) => (keep.includes(i) ? 1 : 0));
    });
    const cache = net.activationsAfter(layer, x);
    const batched = net.forwardFrom(cache, { candidates, masks: { [later.name]: laterMask } });
    expect(batched.shape).toEqual([3, ...full.shape]);
    candidates.forEach((mask, k) => {
      const one = net.predict(x, { masks: { [layer]: mask, [later.name]: laterMask } });
      const slice = tf.squeeze(tf.slice(batched, [k], [1]), [0]);
      expect(relativeMaxDiff(slice, one)).toBeLessThan(1e-5);
      tf.dispose([one, slice]);
    });
    tf.dispose(batched);
    cache.dispose();
  });

  it('caches everything the rest of the network needs, and nothing it disposes under the caller', () => {
    const layer = description.groups[0].name;
    const cache = net.activationsAfter(layer, x);
    const expected = name === 'resnet18' ? 2 : 1; // a block-internal cut also carries the block input (shortcut)
    expect(cache.tensors.size).toBe(expected);
    expect(cache.activation.shape[0]).toBe(3);
    cache.dispose();
    expect(x.isDisposed).toBe(false);
  });

  it('does not leak tensors', () => {
    const before = tf.memory().numTensors;
    const layer = description.groups[2].name;
    const cache = net.activationsAfter(layer, x);
    tf.dispose([net.predict(x), net.forwardFrom(cache, { candidates: [Array.from({ length: cache.activation.shape[3] ?? 0 }, () => 1)] })]);
    cache.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects masks that do not fit, naming layer and sizes', () => {
    const [first, second] = description.groups;
    expect(() => net.predict(x, { masks: { nope: [1] } })).toThrow(/'nope' is not a pruning unit/);
    expect(() => net.predict(x, { masks: { [first.name]: [1] } })).toThrow(new RegExp(`'${first.name}' has \\d+ filters, its mask has 1 values`));
    const cache = net.activationsAfter(second.name, x);
    expect(() => net.forwardFrom(cache, { masks: { [first.name]: new Array(cache.activation.shape[3]).fill(1) } })).toThrow(/before the cut/);
    expect(() => net.forwardFrom(cache, { candidates: [[1]] })).toThrow(/candidate 0 has 1 values/);
    cache.dispose();
  });
});
