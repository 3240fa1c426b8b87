import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, ensureDir, Rng, writeDirAtomic } from '@l2p/runtime';
import { encodeJpeg } from '../codecs/jpeg';
import { encodeIndexPng } from '../codecs/png';
import { VOC2012_DIR, VOC_CLASSES, VOC_DEVKIT_DIR, VOC_IMAGE_DIR, VOC_MASK_DIR, VOC_SPLIT_DIR, VOC_VOID, vocPalette } from '../voc/layout';
import { addNoise, classHue, classLook, drawBackground, drawObject, hsv } from './draw';

export interface GenerateVocOptions {
  readonly seed: number;
  /** Images in train.txt and val.txt. */
  readonly train: number;
  readonly val: number;
  /** Image sides are drawn uniformly from [minSide, maxSide]. Defaults 64 and 128. */
  readonly minSide?: number;
  readonly maxSide?: number;
  /** Objects per scene, 1 to maxObjects. Default 3. */
  readonly maxObjects?: number;
  /** Default 92. */
  readonly jpegQuality?: number;
}

export interface GeneratedScene {
  readonly width: number;
  readonly height: number;
  readonly image: Uint8Array;
  readonly label: Uint8Array;
}

/**
 * A scene of 1–maxObjects objects of classes 1–20 (shape, texture and hue from the class) on a background
 * (class 0), with the matching mask. As in VOC, a 1-pixel band along each object's outline is void (255).
 */
export function renderScene(rng: Rng, width: number, height: number, maxObjects: number): GeneratedScene {
  const image = new Uint8Array(width * height * 3);
  const label = new Uint8Array(width * height);
  drawBackground(image, width, height, rng);
  const objects = 1 + rng.int(maxObjects);
  const side = Math.min(width, height);
  for (let k = 0; k < objects; k++) {
    const cls = 1 + rng.int(VOC_CLASSES - 1);
    const look = classLook(cls - 1, VOC_CLASSES - 1);
    drawObject(
      image,
      width,
      height,
      {
        shape: look.shape,
        texture: look.texture,
        colour: hsv(classHue(rng, look.hue), 0.55 + rng.next() * 0.45, 0.65 + rng.next() * 0.35),
        cx: rng.next() * width,
        cy: rng.next() * height,
        radius: side * (0.14 + rng.next() * 0.16),
        angle: rng.next() * Math.PI * 2,
        period: Math.max(4, Math.round(side / 10)),
      },
      label,
      cls,
    );
  }
  const outline = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const v = label[i];
      if (v === 0) continue;
      if ((x > 0 && label[i - 1] !== v) || (x + 1 < width && label[i + 1] !== v) || (y > 0 && label[i - width] !== v) || (y + 1 < height && label[i + width] !== v)) {
        outline[i] = 1;
      }
    }
  }
  for (let i = 0; i < outline.length; i++) if (outline[i]) label[i] = VOC_VOID;
  addNoise(image, 8, rng);
  return { width, height, image, label };
}

/**
 * Writes `root/VOCdevkit/VOC2012/` in VOC's layout: JPEGImages/<id>.jpg (sharp), SegmentationClass/<id>.png
 * (palette PNG with VOC's colour map, fast-png) and ImageSets/Segmentation/{train,val,trainval}.txt.
 * The VOCdevkit directory appears complete or not at all. Returns the VOC2012 directory.
 */
export async function generateVoc(root: string, options: GenerateVocOptions): Promise<string> {
  const minSide = options.minSide ?? 64;
  const maxSide = options.maxSide ?? 128;
  const maxObjects = options.maxObjects ?? 3;
  if (!(Number.isInteger(minSide) && Number.isInteger(maxSide) && minSide >= 8 && maxSide >= minSide)) {
    throw new ConfigError(`image sides need integers 8 ≤ minSide ≤ maxSide, got ${minSide} and ${maxSide}`);
  }
  for (const [k, v] of Object.entries({ train: options.train, val: options.val, maxObjects })) {
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(`${k} must be a positive integer, got ${v}`);
  }
  const rng = new Rng(options.seed);
  const palette = vocPalette();
  const devkit = path.join(root, VOC_DEVKIT_DIR);
  await writeDirAtomic(devkit, async (dir) => {
    const base = path.join(dir, VOC2012_DIR);
    for (const sub of [VOC_IMAGE_DIR, VOC_MASK_DIR, VOC_SPLIT_DIR]) ensureDir(path.join(base, sub));
    const lists: Record<'train' | 'val', string[]> = { train: [], val: [] };
    for (const split of ['train', 'val'] as const) {
      const r = rng.fork(split);
      for (let i = 0; i < options[split]; i++) {
        const id = `gen_${split}_${String(i).padStart(5, '0')}`;
        const width = minSide + r.int(maxSide - minSide + 1);
        const height = minSide + r.int(maxSide - minSide + 1);
        const scene = renderScene(r, width, height, maxObjects);
        fs.writeFileSync(path.join(base, VOC_IMAGE_DIR, `${id}.jpg`), await encodeJpeg({ width, height, data: scene.image }, options.jpegQuality ?? 92));
        fs.writeFileSync(path.join(base, VOC_MASK_DIR, `${id}.png`), encodeIndexPng({ width, height, data: scene.label }, palette));
        lists[split].push(id);
      }
    }
    const write = (name: string, ids: string[]): void => fs.writeFileSync(path.join(base, VOC_SPLIT_DIR, `${name}.txt`), `${ids.join('\n')}\n`);
    write('train', lists.train);
    write('val', lists.val);
    write('trainval', [...lists.train, ...lists.val]);
  });
  return path.join(devkit, VOC2012_DIR);
}
