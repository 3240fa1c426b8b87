import * as path from 'path';
import { ConfigError, configHash } from '@l2p/runtime';
import { z } from 'zod';
import { generateVoc, resolveGenerateVoc } from '../generate/voc';
import { VOC_OBJECT_CLASSES, vocSceneProblems } from '../generate/voc-scenes';
import { openVoc } from '../voc/read';
import type { DatasetEntry } from './dataset-entry';
import { madeOnce, requireGenerate } from './generated-dir';
import { datasetOption, readOption } from './options';

const GENERATED_VOC_NAME = 'generated-voc';

const minSideRule = (minSide: number, cropSize: number): string => `minSide (${minSide}) must be ≤ cropSize (${cropSize}): scenes are made no larger than the crop`;

/**
 * `dataset.scenes`: how the scenes are drawn (renderScene; omitted keys take its defaults): objects of VOC classes
 * 1…classes, 1 to maxObjects per scene, radii in [minRadius, maxRadius] of the shorter side; image sides from
 * minSide (default half of cropSize, at least 16) to cropSize.
 */
const scenes = datasetOption(
  z
    .object({
      classes: z.number().int().min(1).max(VOC_OBJECT_CLASSES),
      maxObjects: z.number().int().positive(),
      minRadius: z.number().gt(0).max(1),
      maxRadius: z.number().gt(0).max(1),
      minSide: z.number().int().min(8),
    })
    .partial()
    .strict(),
  // Rules across keys (and against the defaults of omitted ones), in the generator's own words.
  ({ minSide, ...scene }, { cropSize }) => [...vocSceneProblems(scene), ...(minSide !== undefined && cropSize !== undefined && minSide > cropSize ? [minSideRule(minSide, cropSize)] : [])],
);

export const generatedVoc: DatasetEntry = {
  name: GENERATED_VOC_NAME,
  task: 'segmentation',
  description: 'generated scenes of textured shapes in the VOC 2012 layout (JPEG + palette PNG), made from dataset.generate, cropSize and dataset.scenes',
  options: { scenes },
  async open(options) {
    const g = requireGenerate(GENERATED_VOC_NAME, options);
    // Images no larger than the crop size, so evaluation can pad every image to one square input.
    const side = options.cropSize ?? 128;
    const { minSide = Math.max(16, Math.floor(side / 2)), ...scene } = readOption(options, 'scenes', scenes) ?? {};
    if (minSide > side) throw new ConfigError(`dataset.scenes: ${minSideRule(minSide, side)}`);
    const settings = resolveGenerateVoc({ seed: g.seed, train: g.train, val: g.test, minSide, maxSide: side, ...scene });
    // One directory per option set (every option, defaults filled in, and the generator's version): a set made
    // with other options is never reused.
    const dir = await madeOnce(path.join(options.generatedDir, `${GENERATED_VOC_NAME}-${configHash(settings).slice(0, 12)}`), (out) => generateVoc(out, settings));
    const data = openVoc(dir);
    return { task: 'segmentation', data, files: [data.root] };
  },
};
