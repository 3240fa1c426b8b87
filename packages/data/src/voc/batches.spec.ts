import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, DataFormatError, Rng } from '@l2p/runtime';
import { generateVoc } from '../generate/voc';
import { makeTempDir, removeDir } from '../testing/temp';
import { segmentationBatches } from './batches';
import { openVoc, type VocDataset } from './read';

let tmp: string;
let voc: VocDataset;
beforeAll(async () => {
  await tf.setBackend('cpu');
  tmp = makeTempDir('vocbatch');
  await generateVoc(tmp, { seed: 9, train: 6, val: 3, minSide: 40, maxSide: 70 });
  voc = openVoc(tmp);
});
afterAll(() => removeDir(tmp));

describe('segmentationBatches', () => {
  it('training batches are size×size crops: NHWC float32 inputs, int32 labels of classes or 255', async () => {
    const seen: string[] = [];
    for await (const b of segmentationBatches(voc, voc.splits.train, { batchSize: 4, shuffle: true, augment: { size: 48 }, rng: new Rng(1) })) {
      expect(b.x.shape).toEqual([b.ids.length, 48, 48, 3]);
      expect(b.x.dtype).toBe('float32');
      expect(b.labels.shape).toEqual([b.ids.length, 48, 48]);
      expect(b.labels.dtype).toBe('int32');
      expect(Array.from(b.labels.dataSync())).toEqual(Array.from(b.labelValues));
      expect(b.labelValues.every((v) => (v >= 0 && v <= 20) || v === 255)).toBe(true);
      seen.push(...b.ids);
      tf.dispose([b.x, b.labels]);
    }
    expect(seen.sort()).toEqual([...voc.splits.train].sort());
  });

  it('evaluation batches hold whole images padded to a multiple of 32 with void labels and zero (mean) inputs', async () => {
    for await (const b of segmentationBatches(voc, voc.splits.val, { batchSize: 2 })) {
      const [n, h, w] = b.labels.shape;
      expect(h % 32).toBe(0);
      expect(w % 32).toBe(0);
      expect(h).toBe(Math.ceil(Math.max(...b.sizes.map((s) => s.height)) / 32) * 32);
      const x = b.x.dataSync();
      for (let k = 0; k < n; k++) {
        const sample = await voc.loadSample(b.ids[k]);
        const { height: sh, width: sw } = b.sizes[k];
        for (let y = 0; y < h; y++) {
          for (let xx = 0; xx < w; xx++) {
            const l = b.labelValues[(k * h + y) * w + xx];
            if (y < sh && xx < sw) {
              expect(l).toBe(sample.label[y * sw + xx]);
            } else {
              expect(l).toBe(255);
              expect(x[((k * h + y) * w + xx) * 3]).toBe(0);
            }
          }
        }
        expect(x[0 + k * h * w * 3]).toBeCloseTo(sample.image[0] - voc.mean[0], 4);
      }
      tf.dispose([b.x, b.labels]);
    }
  });

  it('is deterministic for a seed', async () => {
    const epoch = async (seed: number) => {
      const out: number[][] = [];
      for await (const b of segmentationBatches(voc, voc.splits.train, { batchSize: 3, shuffle: true, augment: { size: 32 }, rng: new Rng(seed) })) {
        out.push(Array.from(b.x.dataSync()).slice(0, 500), Array.from(b.labelValues));
        tf.dispose([b.x, b.labels]);
      }
      return out;
    };
    expect(await epoch(4)).toEqual(await epoch(4));
    expect(await epoch(4)).not.toEqual(await epoch(5));
  });

  it('leaks no tensor over an epoch, including one stopped early', async () => {
    const before = tf.memory().numTensors;
    for await (const b of segmentationBatches(voc, voc.splits.train, { batchSize: 2, augment: { size: 32 }, rng: new Rng(2) })) {
      expect(tf.memory().numTensors).toBe(before + 2);
      tf.dispose([b.x, b.labels]);
    }
    expect(tf.memory().numTensors).toBe(before);
    for await (const b of segmentationBatches(voc, voc.splits.train, { batchSize: 2 })) {
      tf.dispose([b.x, b.labels]);
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops the epoch with the DataFormatError of a malformed file, leaking nothing', async () => {
    const root = path.join(tmp, 'broken');
    await generateVoc(root, { seed: 1, train: 4, val: 1, minSide: 40, maxSide: 48 });
    const broken = openVoc(root);
    fs.writeFileSync(broken.imageFile(broken.splits.train[3]), 'not a jpeg');
    const before = tf.memory().numTensors;
    const run = async () => {
      for await (const b of segmentationBatches(broken, broken.splits.train, { batchSize: 2 })) tf.dispose([b.x, b.labels]);
    };
    await expect(run()).rejects.toThrow(DataFormatError);
    await expect(run()).rejects.toThrow(/gen_train_00003\.jpg: not a readable JPEG/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad options', async () => {
    const first = (o: Parameters<typeof segmentationBatches>[2]) => segmentationBatches(voc, voc.splits.val, o).next();
    await expect(first({ batchSize: 2, shuffle: true })).rejects.toThrow(ConfigError);
    await expect(first({ batchSize: 2, augment: { minScale: 2, maxScale: 1 }, rng: new Rng(1) })).rejects.toThrow(/minScale ≤ maxScale/);
    await expect(first({ batchSize: 2, padTo: 16 })).rejects.toThrow(/padTo 16 is smaller than image/);
  });
});
