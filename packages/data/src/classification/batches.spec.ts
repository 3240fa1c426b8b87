import * as tf from '@tensorflow/tfjs';
import { ConfigError, Rng } from '@l2p/runtime';
import { batchCount, classificationBatches } from './batches';
import { channelStats } from './normalize';
import { classificationSplits } from './split';
import type { ClassificationDataset, ClassificationSplit } from './types';

function toyDataset(n: number, seed: number): ClassificationDataset {
  const rng = new Rng(seed);
  const h = 8;
  const w = 8;
  const c = 3;
  const images = Uint8Array.from({ length: n * h * w * c }, () => rng.int(256));
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  const train = { images, labels, count: n, height: h, width: w, channels: c, classes: 10, classNames: [] };
  return { name: 'toy', train, test: train, normalization: channelStats(train), augmentDefaults: { padding: 2, flip: true }, files: [] };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('classificationBatches', () => {
  const ds = toyDataset(100, 1);
  const { train } = classificationSplits(ds, { seed: 3, rewardSize: 20 });

  it('builds NHWC float32 batches with one-hot labels matching the images they came from', () => {
    const batches = [...classificationBatches(train, { batchSize: 32 })];
    expect(batches.map((b) => b.x.shape)).toEqual([
      [32, 8, 8, 3],
      [32, 8, 8, 3],
      [16, 8, 8, 3],
    ]);
    const { mean, std } = ds.normalization;
    const b = batches[1];
    const x = b.x.dataSync();
    const y = b.y.arraySync();
    for (let k = 0; k < b.indices.length; k++) {
      const idx = b.indices[k];
      expect(b.labels[k]).toBe(ds.train.labels[idx]);
      expect(y[k].indexOf(1)).toBe(ds.train.labels[idx]);
      expect(y[k].reduce((a, v) => a + v, 0)).toBe(1);
      const v = ds.train.images[idx * 192 + 5 * 3 + 2];
      expect(x[k * 192 + 5 * 3 + 2]).toBeCloseTo((v / 255 - mean[2]) / std[2], 5);
    }
    expect(Array.from(batches.flatMap((bb) => Array.from(bb.indices)))).toEqual(Array.from(train.indices));
    for (const bb of batches) tf.dispose([bb.x, bb.y]);
  });

  it('shuffled, visits every index of the split exactly once; the same seed gives the same batches', () => {
    const epoch = (seed: number) => {
      const out: { indices: number[]; x: number[] }[] = [];
      for (const b of classificationBatches(train, { batchSize: 30, shuffle: true, augment: true, rng: new Rng(seed) })) {
        out.push({ indices: Array.from(b.indices), x: Array.from(b.x.dataSync()) });
        tf.dispose([b.x, b.y]);
      }
      return out;
    };
    const a = epoch(5);
    expect(a.flatMap((b) => b.indices).sort((p, q) => p - q)).toEqual(Array.from(train.indices));
    expect(epoch(5)).toEqual(a);
    const other = epoch(6);
    expect(other.map((b) => b.indices)).not.toEqual(a.map((b) => b.indices));
  });

  it('leaks no tensor over an epoch: each batch adds exactly x and y, and disposing them returns to the start', () => {
    const before = tf.memory().numTensors;
    let count = 0;
    for (const b of classificationBatches(train, { batchSize: 7, shuffle: true, augment: { padding: 1 }, rng: new Rng(1) })) {
      expect(tf.memory().numTensors).toBe(before + 2);
      tf.dispose([b.x, b.y]);
      count += 1;
    }
    expect(count).toBe(batchCount(train, { batchSize: 7 }));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('drops a partial last batch only when asked', () => {
    expect(batchCount(train, { batchSize: 30 })).toBe(3);
    expect(batchCount(train, { batchSize: 30, dropRemainder: true })).toBe(2);
    const sizes = [...classificationBatches(train, { batchSize: 30, dropRemainder: true })].map((b) => {
      tf.dispose([b.x, b.y]);
      return b.labels.length;
    });
    expect(sizes).toEqual([30, 30]);
  });

  it('rejects bad options with ConfigError naming the option', () => {
    const split: ClassificationSplit = train;
    expect(() => [...classificationBatches(split, { batchSize: 0 })]).toThrow(/batchSize must be a positive integer, got 0/);
    expect(() => [...classificationBatches(split, { batchSize: 4, shuffle: true })]).toThrow(ConfigError);
    expect(() => [...classificationBatches(split, { batchSize: 4, augment: { padding: 8 }, rng: new Rng(1) })]).toThrow(/augment.padding/);
  });
});
