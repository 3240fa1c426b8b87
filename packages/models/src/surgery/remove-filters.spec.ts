import * as tf from '@tensorflow/tfjs';
import { ConfigError, Rng } from '@l2p/runtime';
import { buildModel } from '../build/builder';
import { describeModel } from '../describe';
import { countModel } from '../count/counter';
import { InferenceNet } from '../inference/inference-net';
import { randomImages, randomKeep, randomWeights, relativeMaxDiff, TINY, tinyDescription } from '../testing/fixtures';
import { disposeWeights } from '../weights/types';
import { flattenRows } from './handlers/flatten';
import { removeFilters } from './remove-filters';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('flattenRows (NHWC flatten row mapping)', () => {
  it('keeps, for every position, the kept channels: feature p·C + c', () => {
    expect(flattenRows([2, 2, 3], [0, 2])).toEqual([0, 2, 3, 5, 6, 8, 9, 11]);
    expect(flattenRows([1, 1, 4], [1, 3])).toEqual([1, 3]);
    expect(flattenRows([5], [4])).toEqual([4]);
  });

  it('agrees with flattening the channel-sliced tensor (oracle: tf.gather then reshape)', () => {
    const x = tf.randomNormal([2, 3, 2, 5], 0, 1, 'float32', 3);
    const keep = [1, 2, 4];
    const sliced = tf.reshape(tf.gather(x, keep, 3), [2, -1]);
    const mapped = tf.gather(tf.reshape(x, [2, -1]), flattenRows([3, 2, 5], keep), 1);
    expect(relativeMaxDiff(mapped, sliced)).toBe(0);
  });
});

describe('removeFilters: weights', () => {
  const description = describeModel('vgg16', { width: 0.0625, inputShape: [64, 64, 3], numClasses: 3 });
  const weights = randomWeights(description, 11);
  afterAll(() => disposeWeights(weights));

  it('slices kernel, BN vectors and the next conv\'s input channels (oracle: array filtering)', () => {
    const keep = [0, 3];
    const pruned = removeFilters(description, weights, 'conv2_1', keep);
    const k = weights['conv2_1/kernel'].arraySync() as number[][][][];
    expect(pruned.weights['conv2_1/kernel'].arraySync()).toEqual(k.map((a) => a.map((b) => b.map((c) => keep.map((i) => c[i])))));
    for (const p of ['gamma', 'beta', 'moving_mean', 'moving_variance']) {
      const v = weights[`conv2_1_bn/${p}`].arraySync() as number[];
      expect(pruned.weights[`conv2_1_bn/${p}`].arraySync()).toEqual(keep.map((i) => v[i]));
    }
    const next = weights['conv2_2/kernel'].arraySync() as number[][][][];
    expect(pruned.weights['conv2_2/kernel'].arraySync()).toEqual(next.map((a) => a.map((b) => keep.map((i) => b[i]))));
    expect(pruned.weights['conv1_1/kernel'].arraySync()).toEqual(weights['conv1_1/kernel'].arraySync());
    expect(pruned.description.plan).toEqual([{ layer: 'conv2_1', keptFilters: [0, 3] }]);
    disposeWeights(pruned.weights);
  });

  it("removes fc1's rows for conv5_3 in NHWC flatten order (2×2 spatial at a 64×64 input)", () => {
    const keep = [1, 4, 5];
    const pruned = removeFilters(description, weights, 'conv5_3', keep);
    const rows = weights['fc1/kernel'].arraySync() as number[][];
    const expected = flattenRows([2, 2, 32], keep).map((r) => rows[r]);
    expect(pruned.weights['fc1/kernel'].shape).toEqual([4 * 3, 32]);
    expect(pruned.weights['fc1/kernel'].arraySync()).toEqual(expected);
    disposeWeights(pruned.weights);
  });

  it('matches the channel-masked model through the flatten when the last pool leaves 2×2 positions', () => {
    const keep = [0, 3, 7, 8, 20];
    const mask = Array.from({ length: 32 }, (_, i) => (keep.includes(i) ? 1 : 0));
    const pruned = removeFilters(description, weights, 'conv5_3', keep);
    const x = randomImages([2, 64, 64, 3], 3);
    const model = buildModel(pruned.description, pruned.weights);
    const net = new InferenceNet(description, weights);
    const actual = model.predict(x) as tf.Tensor;
    const expected = net.predict(x, { masks: { conv5_3: mask } });
    expect(relativeMaxDiff(actual, expected)).toBeLessThan(1e-4);
    tf.dispose([x, actual, expected]);
    model.dispose();
    net.dispose();
    disposeWeights(pruned.weights);
  });

  it('refuses to remove all filters, non-prunable layers and bad indices, naming layer and value', () => {
    expect(() => removeFilters(description, weights, 'conv1_1', [])).toThrow(/cannot remove all 4 filters of 'conv1_1'/);
    expect(() => removeFilters(description, weights, 'fc2', [0])).toThrow(/cannot remove filters of 'fc2' .*classifier/);
    expect(() => removeFilters(description, weights, 'pool1', [0])).toThrow(ConfigError);
    expect(() => removeFilters(description, weights, 'conv1_1', [0, 4])).toThrow(/integers in \[0, 4\); invalid: \[4\]/);
    expect(() => removeFilters(description, weights, 'conv1_1', [1, 1])).toThrow(/lists filter 1 twice/);
  });

  it('leaves the original weights intact and gives the caller independent tensors', () => {
    const before = weights['conv1_2/kernel'].arraySync();
    const pruned = removeFilters(description, weights, 'conv1_1', [2]);
    disposeWeights(pruned.weights);
    expect(weights['conv1_2/kernel'].isDisposed).toBe(false);
    expect(weights['conv1_2/kernel'].arraySync()).toEqual(before);
  });

  it('shrinks the counted parameters exactly by the removed slices', () => {
    const pruned = removeFilters(description, weights, 'conv3_2', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const removed = 4 * (9 * 16) + 4 * 2 + 4 * (9 * 16); // conv3_2 kernel, its BN γ and β, conv3_3 inputs
    expect(countModel(description).params - countModel(pruned.description).params).toBe(removed);
    disposeWeights(pruned.weights);
  });
});

/**
 * Equivalence: the physically pruned model (built by the tfjs-layers builder) equals the original model with the
 * removed channels zeroed after BN + ReLU (a mask in the functional forward), for several random keep-sets.
 */
describe.each(Object.keys(TINY))('removeFilters equivalence: %s', (name) => {
  const description = tinyDescription(name);
  const weights = randomWeights(description, 5);
  const net = new InferenceNet(description, weights);
  const x = randomImages([2, ...description.inputShape], 9);
  const rng = new Rng(17);
  afterAll(() => {
    net.dispose();
    disposeWeights(weights);
    x.dispose();
  });

  const layers = description.groups.map((g) => g.name);
  const chosen = name === 'vgg16' ? layers : [layers[0], layers[Math.floor(layers.length / 2)], layers[layers.length - 1]];
  it.each(chosen)('layer %s, three random keep-sets', (layer) => {
    const node = description.nodes.find((n) => n.name === layer);
    const filters = node?.kind === 'conv' ? node.filters : 0;
    for (const count of [1, Math.max(1, Math.floor(filters / 2)), Math.max(1, filters - 1)]) {
      const keep = randomKeep(filters, count, rng);
      const mask = Array.from({ length: filters }, (_, i) => (keep.includes(i) ? 1 : 0));
      const pruned = removeFilters(description, weights, layer, keep);
      const model = buildModel(pruned.description, pruned.weights);
      const actual = model.predict(x) as tf.Tensor;
      const expected = net.predict(x, { masks: { [layer]: mask } });
      expect(relativeMaxDiff(actual, expected)).toBeLessThan(1e-4);
      tf.dispose([actual, expected]);
      model.dispose();
      disposeWeights(pruned.weights);
    }
  });
});
