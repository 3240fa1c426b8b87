import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, DataFormatError, DataMissingError } from '@l2p/runtime';
import { decodeJpeg } from '../codecs/jpeg';
import { decodeIndexPng } from '../codecs/png';
import { isDirectory, isFile } from '../util/paths';
import {
  VOC2012_DIR,
  VOC_CLASSES,
  VOC_CLASS_NAMES,
  VOC_DEVKIT_DIR,
  VOC_FETCH_COMMAND,
  VOC_IMAGE_DIR,
  VOC_MASK_DIR,
  VOC_MEAN_RGB,
  VOC_SPLITS,
  VOC_SPLIT_DIR,
  VOC_VOID,
  type VocSplitName,
} from './layout';
import { readVocMetadata } from './metadata';

/** One decoded image with its per-pixel labels (class index, or `voidLabel`), both at the image's own size. */
export interface SegmentationSample {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  /** RGB, HWC, 0–255. */
  readonly image: Uint8Array;
  /** One label per pixel, row-major. */
  readonly label: Uint8Array;
}

/** What segmentation batches need from a data set; VOC is one, a generated in-memory set could be another. */
export interface SegmentationData {
  readonly name: string;
  /** Class count; mask values are 0…classes−1 or `voidLabel`. */
  readonly classes: number;
  readonly classNames: readonly string[];
  /** Pixels with this label are ignored by losses and metrics. */
  readonly voidLabel: number;
  /** Per-channel mean subtracted from pixels (0–255 units, RGB). */
  readonly mean: readonly number[];
  /** Image ids per split. */
  readonly splits: Readonly<Record<VocSplitName, readonly string[]>>;
  loadSample(id: string): Promise<SegmentationSample>;
}

export interface VocDataset extends SegmentationData {
  /** The VOC2012 directory. */
  readonly root: string;
  imageFile(id: string): string;
  maskFile(id: string): string;
  splitFile(split: VocSplitName): string;
}

const EXPECTED_LAYOUT = `${VOC_DEVKIT_DIR}/${VOC2012_DIR}/{${VOC_SPLIT_DIR}/{train,val}.txt, ${VOC_IMAGE_DIR}/<id>.jpg, ${VOC_MASK_DIR}/<id>.png}`;

/** The VOC2012 directory under `root`: root/VOCdevkit/VOC2012, root/VOC2012 or root itself. */
export function resolveVocDir(root: string): string {
  const missing = (detail: string): DataMissingError =>
    new DataMissingError(`Pascal VOC 2012 data root ${root} ${detail} (expected ${EXPECTED_LAYOUT})`, `fetch it with \`${VOC_FETCH_COMMAND}\``);
  if (!isDirectory(root)) throw missing('does not exist');
  for (const dir of [path.join(root, VOC_DEVKIT_DIR, VOC2012_DIR), path.join(root, VOC2012_DIR), root]) {
    if (isDirectory(path.join(dir, VOC_SPLIT_DIR))) return dir;
  }
  throw missing(`has no ${VOC_SPLIT_DIR} directory`);
}

function readIdList(file: string): { id: string; line: number }[] {
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((text, i) => ({ id: text.trim(), line: i + 1 }))
    .filter((e) => e.id.length > 0);
}

/** Checks a decoded mask against its image and the label alphabet (0–20 and 255). */
export function checkMask(mask: { width: number; height: number; data: Uint8Array }, image: { width: number; height: number }, maskFile: string, imageFile: string, classes = VOC_CLASSES, voidLabel = VOC_VOID): void {
  if (mask.width !== image.width || mask.height !== image.height) {
    throw new DataFormatError(`${maskFile}: mask is ${mask.width}×${mask.height} but its image ${imageFile} is ${image.width}×${image.height}`);
  }
  const d = mask.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v >= classes && v !== voidLabel) {
      const x = i % mask.width;
      const y = Math.floor(i / mask.width);
      throw new DataFormatError(`${maskFile}: pixel (x ${x}, y ${y}) has palette index ${v}, not a class 0–${classes - 1} or void ${voidLabel}`);
    }
  }
}

/**
 * Opens a VOC 2012 tree: reads the split lists and checks that every listed id has its JPEG and its mask.
 * Images are decoded only when a sample is loaded. A `dataset.json` in the VOC2012 directory (sets in VOC's layout
 * with their own classes, see metadata.ts) sets the name, classes and mean pixel; without one they are VOC's.
 */
export function openVoc(root: string): VocDataset {
  const dir = resolveVocDir(root);
  const splitFile = (split: VocSplitName): string => path.join(dir, VOC_SPLIT_DIR, `${split}.txt`);
  const imageFile = (id: string): string => path.join(dir, VOC_IMAGE_DIR, `${id}.jpg`);
  const maskFile = (id: string): string => path.join(dir, VOC_MASK_DIR, `${id}.png`);
  const splits = {} as Record<VocSplitName, string[]>;
  for (const split of VOC_SPLITS) {
    const list = splitFile(split);
    if (!isFile(list)) {
      throw new DataMissingError(`Pascal VOC 2012 data root ${root} lacks ${list} (expected ${EXPECTED_LAYOUT})`, `fetch it with \`${VOC_FETCH_COMMAND}\``);
    }
    const entries = readIdList(list);
    for (const { id, line } of entries) {
      // An id becomes a file name in JPEGImages/ and SegmentationClass/: a list must not lead reads out of them.
      if (id === '.' || id === '..' || /[/\\]/.test(id)) throw new ConfigError(`${list} line ${line}: image id "${id}" is not a plain file name; ids name files inside ${dir}`);
      if (!isFile(imageFile(id))) throw new DataMissingError(`${list} line ${line}: image id "${id}" has no JPEG (${imageFile(id)} not found)`);
      if (!isFile(maskFile(id))) throw new DataMissingError(`${list} line ${line}: image id "${id}" has no mask (${maskFile(id)} not found)`);
    }
    splits[split] = entries.map((e) => e.id);
  }
  const metadata = readVocMetadata(dir);
  const classes = metadata?.classNames.length ?? VOC_CLASSES;
  return {
    name: metadata?.name ?? 'voc2012',
    root: dir,
    classes,
    classNames: metadata?.classNames ?? VOC_CLASS_NAMES,
    voidLabel: VOC_VOID,
    mean: metadata?.meanRgb ?? VOC_MEAN_RGB,
    splits,
    imageFile,
    maskFile,
    splitFile,
    async loadSample(id: string): Promise<SegmentationSample> {
      const [jpegBytes, pngBytes] = await Promise.all([fs.promises.readFile(imageFile(id)), fs.promises.readFile(maskFile(id))]);
      const image = await decodeJpeg(jpegBytes, imageFile(id));
      const mask = decodeIndexPng(pngBytes, maskFile(id));
      checkMask(mask, image, maskFile(id), imageFile(id), classes);
      return { id, width: image.width, height: image.height, image: image.data, label: mask.data };
    },
  };
}
