import * as fs from 'fs';
import * as path from 'path';
import { DataFormatError, DataMissingError, Rng } from '@l2p/runtime';
import { encodeCifar10Batch, generateCifar10, generateCifar10Records } from '../generate/cifar10';
import { makeTempDir, removeDir } from '../testing/temp';
import { CIFAR10_CLASS_NAMES, CIFAR10_GENERATED_FILE, CIFAR10_RECORD_BYTES, CIFAR10_TEST_FILE, CIFAR10_TRAIN_FILES } from './layout';
import { loadCifar10 } from './read';

const RECORDS = 30;
let tmp: string;

beforeAll(() => {
  tmp = makeTempDir('cifar');
});
afterAll(() => removeDir(tmp));

/** A copy of a good generated tree in a new directory, for one bad-input case to damage. */
async function freshTree(name: string): Promise<string> {
  const root = path.join(tmp, name);
  await generateCifar10(root, { seed: 1, recordsPerFile: RECORDS });
  return path.join(root, 'cifar-10-batches-bin');
}

describe('loadCifar10', () => {
  it('round-trips records written in the binary format: labels, and planar RGB read back as HWC', async () => {
    const root = path.join(tmp, 'roundtrip');
    const dir = path.join(root, 'cifar-10-batches-bin');
    fs.mkdirSync(dir, { recursive: true });
    const rng = new Rng(2);
    const written: { images: Uint8Array; labels: Uint8Array }[] = [];
    for (const file of [...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE]) {
      const images = Uint8Array.from({ length: 4 * 3072 }, () => rng.int(256));
      const labels = Uint8Array.from({ length: 4 }, () => rng.int(10));
      written.push({ images, labels });
      fs.writeFileSync(path.join(dir, file), encodeCifar10Batch(images, labels));
    }
    fs.writeFileSync(path.join(dir, 'batches.meta.txt'), `${CIFAR10_CLASS_NAMES.join('\n')}\n`);
    const ds = loadCifar10(root, { recordsPerFile: 4 });
    expect(ds.train.count).toBe(20);
    expect(ds.test.count).toBe(4);
    expect(Array.from(ds.train.labels)).toEqual(written.slice(0, 5).flatMap((w) => Array.from(w.labels)));
    expect(Array.from(ds.test.labels)).toEqual(Array.from(written[5].labels));
    expect(Buffer.from(ds.train.images).equals(Buffer.concat(written.slice(0, 5).map((w) => w.images)))).toBe(true);
    // Independent check of the plane order on one pixel: file byte 1 + c·1024 + y·32 + x of record 2 of file 3.
    const raw = fs.readFileSync(path.join(dir, CIFAR10_TRAIN_FILES[2]));
    const [y, x, c, r] = [7, 19, 2, 2];
    expect(ds.train.images[(2 * 4 + r) * 3072 + (y * 32 + x) * 3 + c]).toBe(raw[r * CIFAR10_RECORD_BYTES + 1 + c * 1024 + y * 32 + x]);
    expect(ds.train.classNames).toEqual([...CIFAR10_CLASS_NAMES]);
    // One typed array holds all images; train and test are views of it.
    expect(ds.train.images.buffer).toBe(ds.test.images.buffer);
  });

  it('reads a generated set with balanced classes and per-channel statistics of the training images', async () => {
    const root = path.join(tmp, 'generated');
    await generateCifar10(root, { seed: 7, recordsPerFile: RECORDS });
    const ds = loadCifar10(root, { recordsPerFile: RECORDS });
    const hist = new Array(10).fill(0);
    for (const l of ds.train.labels) hist[l] += 1;
    expect(hist).toEqual(new Array(10).fill(15));
    let sum = 0;
    for (let i = 1; i < ds.train.images.length; i += 3) sum += ds.train.images[i] / 255;
    expect(ds.normalization.mean[1]).toBeCloseTo(sum / (ds.train.images.length / 3), 6);
    // The generator is seeded: the first training file is what generateCifar10Records gives for that stream.
    const again = generateCifar10Records(new Rng(7).fork(CIFAR10_TRAIN_FILES[0]), RECORDS);
    expect(Array.from(ds.train.labels.subarray(0, RECORDS))).toEqual(Array.from(again.labels));
  });

  describe('bad input: a one-line DataFormatError/DataMissingError naming the file and offset', () => {
    it('truncated file (a record cut off)', async () => {
      const dir = await freshTree('truncated');
      const file = path.join(dir, CIFAR10_TRAIN_FILES[1]);
      fs.truncateSync(file, RECORDS * CIFAR10_RECORD_BYTES - 100);
      const load = () => loadCifar10(path.dirname(dir), { recordsPerFile: RECORDS });
      expect(load).toThrow(DataFormatError);
      expect(load).toThrow(new RegExp(`data_batch_2\\.bin: truncated, record ${RECORDS - 1} starting at byte offset ${(RECORDS - 1) * 3073}`));
    });

    it('truncated file (whole records missing)', async () => {
      const dir = await freshTree('short');
      fs.truncateSync(path.join(dir, CIFAR10_TEST_FILE), 10 * CIFAR10_RECORD_BYTES);
      expect(() => loadCifar10(path.dirname(dir), { recordsPerFile: RECORDS })).toThrow(/test_batch\.bin: truncated, ends at byte offset 30730 after 10 records/);
    });

    it('oversized file', async () => {
      const dir = await freshTree('oversized');
      fs.appendFileSync(path.join(dir, CIFAR10_TRAIN_FILES[4]), Buffer.alloc(5));
      const load = () => loadCifar10(path.dirname(dir), { recordsPerFile: RECORDS });
      expect(load).toThrow(DataFormatError);
      expect(load).toThrow(new RegExp(`data_batch_5\\.bin: oversized, unexpected data from byte offset ${RECORDS * 3073}`));
    });

    it('the record count is the one a generated set declares, else the published 10,000', async () => {
      const dir = await freshTree('default-count');
      expect(loadCifar10(path.dirname(dir)).test.count).toBe(RECORDS);
      expect(() => loadCifar10(path.dirname(dir), { recordsPerFile: RECORDS + 1 })).toThrow(/l2p-generated\.json: declares 30 records per batch file, but 31 were expected/);
      fs.rmSync(path.join(dir, CIFAR10_GENERATED_FILE));
      expect(() => loadCifar10(path.dirname(dir))).toThrow(/data_batch_1\.bin: truncated.*expected 30730000 bytes = 10000 records/);
    });

    it('a damaged first file is the one blamed, whether cut inside a record or at a record boundary', async () => {
      const dir = await freshTree('first-file');
      const first = path.join(dir, CIFAR10_TRAIN_FILES[0]);
      fs.truncateSync(first, (RECORDS - 1) * CIFAR10_RECORD_BYTES);
      expect(() => loadCifar10(path.dirname(dir))).toThrow(new RegExp(`^${first}: truncated, ends at byte offset ${(RECORDS - 1) * 3073} after ${RECORDS - 1} records`));
      fs.truncateSync(first, (RECORDS - 1) * CIFAR10_RECORD_BYTES - 1000);
      expect(() => loadCifar10(path.dirname(dir))).toThrow(new RegExp(`^${first}: truncated, record ${RECORDS - 2} starting at byte offset ${(RECORDS - 2) * 3073} is cut off`));
    });

    it('label byte > 9', async () => {
      const dir = await freshTree('label');
      const file = path.join(dir, CIFAR10_TRAIN_FILES[0]);
      const bytes = fs.readFileSync(file);
      bytes[3 * CIFAR10_RECORD_BYTES] = 12;
      fs.writeFileSync(file, bytes);
      const load = () => loadCifar10(path.dirname(dir), { recordsPerFile: RECORDS });
      expect(load).toThrow(DataFormatError);
      expect(load).toThrow(/data_batch_1\.bin: record 3 \(byte offset 9219\): label byte 12 is not a class 0–9/);
    });

    it('a data root that does not exist names the layout and the fetch command', () => {
      const load = () => loadCifar10(path.join(tmp, 'nowhere'));
      expect(load).toThrow(DataMissingError);
      expect(load).toThrow(/nowhere does not exist \(expected cifar-10-batches-bin\/\{data_batch_1\.bin.*test_batch\.bin,batches\.meta\.txt\}\)/);
      try {
        load();
      } catch (err) {
        expect((err as DataMissingError).hint).toMatch(/nx run datasets:cifar10/);
      }
    });

    it('a missing batch file is named', async () => {
      const dir = await freshTree('missing');
      fs.rmSync(path.join(dir, CIFAR10_TRAIN_FILES[3]));
      expect(() => loadCifar10(path.dirname(dir), { recordsPerFile: RECORDS })).toThrow(/lacks data_batch_4\.bin/);
    });

    it('a class-name file without 10 names', async () => {
      const dir = await freshTree('meta');
      fs.writeFileSync(path.join(dir, 'batches.meta.txt'), 'cat\ndog\n');
      expect(() => loadCifar10(path.dirname(dir), { recordsPerFile: RECORDS })).toThrow(/batches\.meta\.txt: expected 10 class names, one per line, found 2/);
    });
  });
});
