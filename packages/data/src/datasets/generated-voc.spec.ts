import * as fs from 'fs';
import { ConfigError, Rng } from '@l2p/runtime';
import { generateVoc } from '../generate/voc';
import { renderScene, resolveVocScene, vocSceneProblems } from '../generate/voc-scenes';
import { makeTempDir, removeDir } from '../testing/temp';
import { VOC_VOID } from '../voc/layout';
import { DATASETS } from './registry';

let tmp: string;
beforeAll(() => {
  tmp = makeTempDir('generated-voc-entry');
});
afterAll(() => removeDir(tmp));

describe('generated VOC scene options', () => {
  it('names every broken rule, defaults filled in for omitted keys', () => {
    expect(vocSceneProblems({})).toEqual([]);
    expect(vocSceneProblems({ classes: 0 })).toEqual(['classes must be an integer in [1, 20] (VOC\'s object classes), got 0']);
    expect(vocSceneProblems({ classes: 21, maxObjects: 1.5 })).toHaveLength(2);
    // 0.35 is above the default maxRadius (0.30): a range is checked with the default of its other end.
    expect(vocSceneProblems({ minRadius: 0.35 })).toEqual(['object radii need 0 < minRadius ≤ maxRadius ≤ 1 (fractions of the shorter side), got 0.35 and 0.3']);
    expect(() => resolveVocScene({ maxRadius: 1.2 })).toThrow(ConfigError);
    expect(() => resolveVocScene({ maxRadius: 1.2 })).toThrow(/generated VOC scenes: object radii need/);
    expect(resolveVocScene({ classes: 3, minRadius: undefined })).toEqual({ classes: 3, maxObjects: 3, minRadius: 0.14, maxRadius: 0.3 });
  });

  it('draws only the classes asked for, at most maxObjects of them, within the radii', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const scene = renderScene(new Rng(i), 48, 48, { classes: 2, maxObjects: 1, minRadius: 0.3, maxRadius: 0.3 });
      const objects = new Set([...scene.label].filter((v) => v !== 0 && v !== VOC_VOID));
      expect(objects.size).toBeLessThanOrEqual(1);
      for (const c of objects) seen.add(c);
      // One object of radius 0.3 × 48 px covers at most a disc's worth of the scene (plus its void outline).
      expect([...scene.label].filter((v) => v !== 0).length).toBeLessThanOrEqual(Math.PI * (0.3 * 48 + 1) ** 2);
    }
    expect([...seen].sort()).toEqual([1, 2]);
  });
});

describe("DATASETS 'generated-voc'", () => {
  const entry = DATASETS.get('generated-voc');
  const generate = { train: 4, test: 2, seed: 1 };

  it('makes scenes of the asked classes and sides, and declares only those classes', async () => {
    const opened = await entry.open({ generate, cropSize: 40, generatedDir: tmp, setOptions: { scenes: { classes: 3, maxObjects: 2, minSide: 40 } } });
    if (opened.task !== 'segmentation') throw new Error('expected segmentation');
    expect(opened.data.classes).toBe(4);
    expect(opened.data.classNames).toEqual(['background', 'aeroplane', 'bicycle', 'bird']);
    for (const id of [...opened.data.splits.train, ...opened.data.splits.val]) {
      const sample = await opened.data.loadSample(id);
      expect([sample.width, sample.height]).toEqual([40, 40]);
      expect([...new Set(sample.label)].every((v) => v <= 3 || v === VOC_VOID)).toBe(true);
    }
  });

  it('keeps VOC’s 21 classes when every object class is drawn', async () => {
    const opened = await entry.open({ generate, cropSize: 40, generatedDir: tmp });
    expect(opened.task === 'segmentation' && opened.data.classes).toBe(21);
  });

  it('gives every option set its own directory, and reuses a set made with the same options', async () => {
    const open = async (cropSize: number, scenes?: Record<string, number>): Promise<string> => (await entry.open({ generate, cropSize, generatedDir: tmp, setOptions: { scenes } })).files[0];
    const a = await open(32);
    const dirs = [a, await open(32, { maxObjects: 1 }), await open(32, { classes: 5 }), await open(32, { minRadius: 0.2 }), await open(32, { minSide: 24 }), await open(36)];
    expect(new Set(dirs).size).toBe(dirs.length);
    const made = fs.statSync(a).mtimeMs;
    // Omitting a key and giving its default are the same set.
    expect(await open(32, { maxObjects: 3 })).toBe(a);
    expect(fs.statSync(a).mtimeMs).toBe(made);
  });

  it('refuses scenes larger than the crop, bad options and a missing dataset.generate', async () => {
    await expect(entry.open({ generate, cropSize: 32, generatedDir: tmp, setOptions: { scenes: { minSide: 40 } } })).rejects.toThrow(/dataset\.scenes: minSide \(40\) must be ≤ cropSize \(32\)/);
    // Without cropSize the side is 128: the same rule, against the default.
    await expect(entry.open({ generate, generatedDir: tmp, setOptions: { scenes: { minSide: 130 } } })).rejects.toThrow(/dataset\.scenes: minSide \(130\) must be ≤ cropSize \(128\)/);
    await expect(entry.open({ generate, cropSize: 32, generatedDir: tmp, setOptions: { scenes: { classes: 30 } } })).rejects.toThrow(/dataset\.scenes\.classes: Number must be less than or equal to 20/);
    await expect(entry.open({ generate, cropSize: 32, generatedDir: tmp, setOptions: { scenes: { minRadius: 0.4 } } })).rejects.toThrow(/dataset\.scenes: object radii need/);
    await expect(entry.open({ cropSize: 32, generatedDir: tmp })).rejects.toThrow(/dataset\.generate/);
  });

  it('generateVoc validates its own options too', async () => {
    await expect(generateVoc(tmp, { seed: 0, train: 1, val: 1, maxObjects: 0 })).rejects.toThrow(/maxObjects must be a positive integer, got 0/);
    await expect(generateVoc(tmp, { seed: 0, train: 1, val: 1, jpegQuality: 0 })).rejects.toThrow(/jpegQuality/);
  });
});
