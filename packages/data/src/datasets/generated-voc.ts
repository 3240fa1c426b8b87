import * as path from 'path';
import { ConfigError, configHash } from '@l2p/runtime';
import { generateVoc, resolveGenerateVoc } from '../generate/voc';
import { openVoc } from '../voc/read';
import type { DatasetEntry } from './dataset-entry';
import { madeOnce, requireGenerate } from './generated-dir';

const GENERATED_VOC_NAME = 'generated-voc';

export const generatedVoc: DatasetEntry = {
  name: GENERATED_VOC_NAME,
  task: 'segmentation',
  description: 'generated scenes of textured shapes in the VOC 2012 layout (JPEG + palette PNG), made from dataset.generate, cropSize and dataset.scenes',
  async open(options) {
    const g = requireGenerate(GENERATED_VOC_NAME, options);
    // Images no larger than the crop size, so evaluation can pad every image to one square input.
    const side = options.cropSize ?? 128;
    const { minSide = Math.max(16, Math.floor(side / 2)), ...scene } = options.scenes ?? {};
    if (minSide > side) throw new ConfigError(`dataset.scenes.minSide (${minSide}) must be ≤ dataset.cropSize (${side}): scenes are made no larger than the crop`);
    const settings = resolveGenerateVoc({ seed: g.seed, train: g.train, val: g.test, minSide, maxSide: side, ...scene });
    // One directory per option set (every option, defaults filled in, and the generator's version): a set made
    // with other options is never reused.
    const dir = await madeOnce(path.join(options.generatedDir, `${GENERATED_VOC_NAME}-${configHash(settings).slice(0, 12)}`), (out) => generateVoc(out, settings));
    const data = openVoc(dir);
    return { task: 'segmentation', data, files: [data.root] };
  },
};
