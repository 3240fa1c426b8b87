import * as fs from 'fs';
import { ConfigError } from '@l2p/runtime';
import { makeTempDir, removeDir } from '../testing/temp';
import { DATASETS } from './registry';

let tmp: string;
beforeAll(() => {
  tmp = makeTempDir('mnist-seg-entry');
});
afterAll(() => removeDir(tmp));

describe("DATASETS 'mnist-seg'", () => {
  const entry = DATASETS.get('mnist-seg');
  const generate = { train: 4, test: 3, seed: 1 };

  it('makes the set under generatedDir and opens it as an 11-class segmentation set at cropSize', async () => {
    const opened = await entry.open({ generate, cropSize: 32, generatedDir: tmp });
    if (opened.task !== 'segmentation') throw new Error('expected segmentation');
    expect(opened.data.classes).toBe(11);
    expect(opened.data.splits.train).toHaveLength(4);
    expect(opened.data.splits.val).toHaveLength(3);
    const sample = await opened.data.loadSample(opened.data.splits.val[0]);
    expect([sample.width, sample.height]).toEqual([32, 32]);
  });

  it('gives canvases drawn with other options their own directory', async () => {
    const a = await entry.open({ generate, cropSize: 32, generatedDir: tmp, setOptions: { canvas: { voidBand: 1 } } });
    const b = await entry.open({ generate, cropSize: 32, generatedDir: tmp, setOptions: { canvas: { voidBand: 3 } } });
    expect(a.files[0]).not.toBe(b.files[0]);
    expect(fs.readdirSync(tmp).length).toBeGreaterThanOrEqual(3);
  });

  it('refuses to open without dataset.generate or cropSize', async () => {
    await expect(entry.open({ cropSize: 32, generatedDir: tmp })).rejects.toThrow(ConfigError);
    await expect(entry.open({ generate, generatedDir: tmp })).rejects.toThrow(/cropSize/);
  });
});
