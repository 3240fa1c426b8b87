import * as fs from 'fs';
import * as path from 'path';
import { DataFormatError } from '@l2p/runtime';
import { generateVoc } from '../generate/voc';
import { makeTempDir, removeDir } from '../testing/temp';
import { VOC_CLASS_NAMES, VOC_MEAN_RGB } from './layout';
import { readVocMetadata, vocMetadataFile, vocMetadataJson } from './metadata';
import { openVoc } from './read';

let tmp: string;
beforeAll(() => {
  tmp = makeTempDir('voc-metadata');
});
afterAll(() => removeDir(tmp));

async function tree(name: string): Promise<string> {
  return generateVoc(path.join(tmp, name), { seed: 1, train: 2, val: 1, minSide: 32, maxSide: 40 });
}

describe('dataset.json in a VOC2012 directory', () => {
  it('is optional: without it a tree is Pascal VOC (21 classes, FCN mean pixel)', async () => {
    const dir = await tree('plain');
    expect(readVocMetadata(dir)).toBeUndefined();
    const voc = openVoc(dir);
    expect([voc.name, voc.classes, voc.classNames, voc.mean]).toEqual(['voc2012', 21, VOC_CLASS_NAMES, VOC_MEAN_RGB]);
  });

  it('sets name, class count and names, and mean pixel; masks are checked against its class count', async () => {
    const dir = await tree('three');
    fs.writeFileSync(vocMetadataFile(dir), vocMetadataJson({ name: 'tiny', classNames: ['background', 'a', 'b'], meanRgb: [1, 2, 3] }));
    const voc = openVoc(dir);
    expect([voc.name, voc.classes, voc.classNames, voc.mean]).toEqual(['tiny', 3, ['background', 'a', 'b'], [1, 2, 3]]);
    // The generated VOC scenes hold classes up to 20: with 3 classes declared, a mask with class ≥ 3 is refused.
    const outcomes = await Promise.all(voc.splits.train.map((id) => voc.loadSample(id).then(() => 'ok', (e: Error) => e.message)));
    expect(outcomes.some((o) => /has palette index \d+, not a class 0–2 or void 255/.test(o))).toBe(true);
  });

  it.each([
    ['{"name": "x"', /dataset\.json: not valid JSON/],
    ['{"name": "x", "classNames": ["background"], "meanRgb": [1, 2, 3]}', /dataset\.json: classNames: Array must contain at least 2/],
    ['{"name": "x", "classNames": ["a", "b"], "meanRgb": [1, 2]}', /dataset\.json: meanRgb: /],
    ['{"name": "x", "classNames": ["a", "b"], "meanRgb": [1, 2, 3], "classes": 2}', /dataset\.json: \(top level\): Unrecognized key/],
  ])('a malformed file is a DataFormatError naming the file and field: %s', async (text, message) => {
    const dir = await tree(`bad-${text.length}`);
    fs.writeFileSync(vocMetadataFile(dir), text);
    expect(() => openVoc(dir)).toThrow(DataFormatError);
    expect(() => openVoc(dir)).toThrow(message);
  });
});
