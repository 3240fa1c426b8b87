import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, DataFormatError, DataMissingError } from '@l2p/runtime';
import { channelStats } from '../classification/normalize';
import type { ClassificationData, ClassificationDataset } from '../classification/types';
import { isDirectory, isFile } from '../util/paths';
import {
  CIFAR10_CHANNELS,
  CIFAR10_CLASSES,
  CIFAR10_DIR,
  CIFAR10_FETCH_COMMAND,
  CIFAR10_GENERATED_FILE,
  CIFAR10_IMAGE_BYTES,
  CIFAR10_META_FILE,
  CIFAR10_RECORD_BYTES,
  CIFAR10_RECORDS_PER_FILE,
  CIFAR10_SIDE,
  CIFAR10_TEST_FILE,
  CIFAR10_TRAIN_FILES,
} from './layout';

export interface Cifar10Options {
  /**
   * Records each batch file must hold. Default: what the set declares in l2p-generated.json (generated sets),
   * else the published 10,000. A count given here that differs from the declared one is an error.
   */
  readonly recordsPerFile?: number;
}

/** The content of l2p-generated.json. */
export interface GeneratedCifar10Note {
  readonly generator: string;
  readonly seed: number;
  readonly recordsPerFile: number;
}

/** The record count a generated set declares, or undefined for a set without the note (the published one). */
export function declaredRecordsPerFile(dir: string): number | undefined {
  const file = path.join(dir, CIFAR10_GENERATED_FILE);
  if (!isFile(file)) return undefined;
  let note: Partial<GeneratedCifar10Note>;
  try {
    note = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<GeneratedCifar10Note>;
  } catch (err) {
    throw new DataFormatError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const n = note.recordsPerFile;
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) {
    throw new DataFormatError(`${file}: recordsPerFile must be a positive integer, got ${JSON.stringify(n)}`);
  }
  return n;
}

const EXPECTED_LAYOUT = `${CIFAR10_DIR}/{${CIFAR10_TRAIN_FILES.join(',')},${CIFAR10_TEST_FILE},${CIFAR10_META_FILE}}`;

/**
 * The directory holding the batch files: `root/cifar-10-batches-bin` (as extracted by the fetch target) or
 * `root` itself. Throws DataMissingError naming the expected layout and the fetch command.
 */
export function resolveCifar10Dir(root: string): string {
  if (!isDirectory(root)) {
    throw new DataMissingError(
      `CIFAR-10 data root ${root} does not exist (expected ${EXPECTED_LAYOUT})`,
      `fetch it with \`${CIFAR10_FETCH_COMMAND}\``,
    );
  }
  const nested = path.join(root, CIFAR10_DIR);
  const dir = isDirectory(nested) ? nested : root;
  const missing = [...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE, CIFAR10_META_FILE].filter((f) => !isFile(path.join(dir, f)));
  if (missing.length > 0) {
    throw new DataMissingError(
      `CIFAR-10 data root ${root} lacks ${missing.join(', ')} (expected ${EXPECTED_LAYOUT})`,
      `fetch it with \`${CIFAR10_FETCH_COMMAND}\``,
    );
  }
  return dir;
}

export function readCifar10ClassNames(file: string): string[] {
  const names = fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (names.length !== CIFAR10_CLASSES) {
    throw new DataFormatError(`${file}: expected ${CIFAR10_CLASSES} class names, one per line, found ${names.length}`);
  }
  return names;
}

/**
 * Checks a batch file's size and label bytes, then copies its records into `images` (as HWC, from the file's
 * planar CHW) and `labels` starting at record `first`.
 */
function readBatchFile(file: string, records: number, images: Uint8Array, labels: Uint8Array, first: number): void {
  const expectedBytes = records * CIFAR10_RECORD_BYTES;
  const size = fs.statSync(file).size;
  const layout = `expected ${expectedBytes} bytes = ${records} records of ${CIFAR10_RECORD_BYTES} bytes`;
  if (size > expectedBytes) {
    throw new DataFormatError(`${file}: oversized, unexpected data from byte offset ${expectedBytes} on (file is ${size} bytes; ${layout})`);
  }
  if (size % CIFAR10_RECORD_BYTES !== 0) {
    const whole = Math.floor(size / CIFAR10_RECORD_BYTES);
    throw new DataFormatError(
      `${file}: truncated, record ${whole} starting at byte offset ${whole * CIFAR10_RECORD_BYTES} is cut off at byte offset ${size} (${layout})`,
    );
  }
  if (size < expectedBytes) {
    throw new DataFormatError(`${file}: truncated, ends at byte offset ${size} after ${size / CIFAR10_RECORD_BYTES} records (${layout})`);
  }
  const bytes = fs.readFileSync(file);
  const plane = CIFAR10_SIDE * CIFAR10_SIDE;
  for (let r = 0; r < records; r++) {
    const base = r * CIFAR10_RECORD_BYTES;
    const label = bytes[base];
    if (label >= CIFAR10_CLASSES) {
      throw new DataFormatError(`${file}: record ${r} (byte offset ${base}): label byte ${label} is not a class 0–${CIFAR10_CLASSES - 1}`);
    }
    labels[first + r] = label;
    const src = base + 1;
    const dst = (first + r) * CIFAR10_IMAGE_BYTES;
    for (let p = 0; p < plane; p++) {
      const o = dst + p * 3;
      images[o] = bytes[src + p];
      images[o + 1] = bytes[src + plane + p];
      images[o + 2] = bytes[src + 2 * plane + p];
    }
  }
}

/**
 * Loads CIFAR-10's binary batches: all images in one Uint8Array (train and test are views of it), labels in
 * another. Any malformed file throws before anything is returned.
 */
export function loadCifar10(root: string, options: Cifar10Options = {}): ClassificationDataset {
  if (options.recordsPerFile !== undefined && (!Number.isInteger(options.recordsPerFile) || options.recordsPerFile <= 0)) {
    throw new ConfigError(`recordsPerFile must be a positive integer, got ${options.recordsPerFile}`);
  }
  const dir = resolveCifar10Dir(root);
  const declared = declaredRecordsPerFile(dir);
  if (options.recordsPerFile !== undefined && declared !== undefined && declared !== options.recordsPerFile) {
    throw new DataFormatError(`${path.join(dir, CIFAR10_GENERATED_FILE)}: declares ${declared} records per batch file, but ${options.recordsPerFile} were expected`);
  }
  const records = options.recordsPerFile ?? declared ?? CIFAR10_RECORDS_PER_FILE;
  const classNames = readCifar10ClassNames(path.join(dir, CIFAR10_META_FILE));
  const trainCount = CIFAR10_TRAIN_FILES.length * records;
  const total = trainCount + records;
  const images = new Uint8Array(total * CIFAR10_IMAGE_BYTES);
  const labels = new Uint8Array(total);
  const files = [...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE].map((f) => path.join(dir, f));
  files.forEach((file, k) => readBatchFile(file, records, images, labels, k * records));

  const make = (start: number, count: number): ClassificationData => ({
    images: images.subarray(start * CIFAR10_IMAGE_BYTES, (start + count) * CIFAR10_IMAGE_BYTES),
    labels: labels.subarray(start, start + count),
    count,
    height: CIFAR10_SIDE,
    width: CIFAR10_SIDE,
    channels: CIFAR10_CHANNELS,
    classes: CIFAR10_CLASSES,
    classNames,
  });
  const train = make(0, trainCount);
  return {
    name: 'cifar10',
    train,
    test: make(trainCount, records),
    normalization: channelStats(train),
    augmentDefaults: { padding: 4, flip: true },
    files: [...files, path.join(dir, CIFAR10_META_FILE)],
  };
}
