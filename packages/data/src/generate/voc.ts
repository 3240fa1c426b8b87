import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, ensureDir, Rng, writeDirAtomic } from '@l2p/runtime';
import { encodeJpeg } from '../codecs/jpeg';
import { encodeIndexPng } from '../codecs/png';
import { VOC2012_DIR, VOC_CLASS_NAMES, VOC_DEVKIT_DIR, VOC_IMAGE_DIR, VOC_MASK_DIR, VOC_MEAN_RGB, VOC_SPLIT_DIR, vocPalette } from '../voc/layout';
import { VOC_METADATA_FILE, vocMetadataJson } from '../voc/metadata';
import { renderScene, resolveVocScene, VOC_OBJECT_CLASSES, type VocSceneOptions } from './voc-scenes';

/** Bumped whenever the same options would draw different scenes, so that a set named by their hash is not reused. */
export const GENERATED_VOC_VERSION = 1;

export interface GenerateVocOptions extends Partial<VocSceneOptions> {
  readonly seed: number;
  /** Images in train.txt and val.txt. */
  readonly train: number;
  readonly val: number;
  /** Image sides are drawn uniformly from [minSide, maxSide]. Defaults 64 and 128. */
  readonly minSide?: number;
  readonly maxSide?: number;
  /** Default 92. */
  readonly jpegQuality?: number;
}

/** Every option with its default filled in: what a set is made from, and what names its directory (by hash). */
export type ResolvedGenerateVoc = Required<GenerateVocOptions> & { readonly version: number };

export function resolveGenerateVoc(options: GenerateVocOptions): ResolvedGenerateVoc {
  const minSide = options.minSide ?? 64;
  const maxSide = options.maxSide ?? 128;
  if (!(Number.isInteger(minSide) && Number.isInteger(maxSide) && minSide >= 8 && maxSide >= minSide)) {
    throw new ConfigError(`image sides need integers 8 ≤ minSide ≤ maxSide, got ${minSide} and ${maxSide}`);
  }
  for (const [k, v] of Object.entries({ train: options.train, val: options.val })) {
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(`${k} must be a positive integer, got ${v}`);
  }
  const jpegQuality = options.jpegQuality ?? 92;
  if (!Number.isInteger(jpegQuality) || jpegQuality < 1 || jpegQuality > 100) throw new ConfigError(`jpegQuality must be an integer in [1, 100], got ${jpegQuality}`);
  const scene = resolveVocScene({ classes: options.classes, maxObjects: options.maxObjects, minRadius: options.minRadius, maxRadius: options.maxRadius });
  return { version: GENERATED_VOC_VERSION, seed: options.seed, train: options.train, val: options.val, minSide, maxSide, jpegQuality, ...scene };
}

/**
 * Writes `root/VOCdevkit/VOC2012/` in VOC's layout: JPEGImages/<id>.jpg (sharp), SegmentationClass/<id>.png
 * (palette PNG with VOC's colour map, fast-png) and ImageSets/Segmentation/{train,val,trainval}.txt. A set of
 * fewer than VOC's 20 object classes also gets a dataset.json naming background and its classes, so that networks
 * score only those. The VOCdevkit directory appears complete or not at all. Returns the VOC2012 directory.
 */
export async function generateVoc(root: string, options: GenerateVocOptions): Promise<string> {
  const o = resolveGenerateVoc(options);
  const rng = new Rng(o.seed);
  const palette = vocPalette();
  const devkit = path.join(root, VOC_DEVKIT_DIR);
  await writeDirAtomic(devkit, async (dir) => {
    const base = path.join(dir, VOC2012_DIR);
    for (const sub of [VOC_IMAGE_DIR, VOC_MASK_DIR, VOC_SPLIT_DIR]) ensureDir(path.join(base, sub));
    const lists: Record<'train' | 'val', string[]> = { train: [], val: [] };
    for (const split of ['train', 'val'] as const) {
      const r = rng.fork(split);
      for (let i = 0; i < o[split]; i++) {
        const id = `gen_${split}_${String(i).padStart(5, '0')}`;
        const width = o.minSide + r.int(o.maxSide - o.minSide + 1);
        const height = o.minSide + r.int(o.maxSide - o.minSide + 1);
        const scene = renderScene(r, width, height, o);
        fs.writeFileSync(path.join(base, VOC_IMAGE_DIR, `${id}.jpg`), await encodeJpeg({ width, height, data: scene.image }, o.jpegQuality));
        fs.writeFileSync(path.join(base, VOC_MASK_DIR, `${id}.png`), encodeIndexPng({ width, height, data: scene.label }, palette));
        lists[split].push(id);
      }
    }
    const write = (name: string, ids: string[]): void => fs.writeFileSync(path.join(base, VOC_SPLIT_DIR, `${name}.txt`), `${ids.join('\n')}\n`);
    write('train', lists.train);
    write('val', lists.val);
    write('trainval', [...lists.train, ...lists.val]);
    if (o.classes < VOC_OBJECT_CLASSES) {
      // Without it the set would claim all 21 classes: networks would score 17 that never occur.
      const classNames = VOC_CLASS_NAMES.slice(0, o.classes + 1);
      const meanRgb = VOC_MEAN_RGB as [number, number, number];
      fs.writeFileSync(path.join(base, VOC_METADATA_FILE), vocMetadataJson({ name: 'generated-voc', classNames, meanRgb, source: { ...o } }));
    }
  });
  return path.join(devkit, VOC2012_DIR);
}
