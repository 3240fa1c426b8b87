import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, Rng, writeDirAtomic } from '@l2p/runtime';
import {
  CIFAR10_CLASSES,
  CIFAR10_CLASS_NAMES,
  CIFAR10_DIR,
  CIFAR10_GENERATED_FILE,
  CIFAR10_IMAGE_BYTES,
  CIFAR10_META_FILE,
  CIFAR10_RECORD_BYTES,
  CIFAR10_SIDE,
  CIFAR10_TEST_FILE,
  CIFAR10_TRAIN_FILES,
} from '../cifar10/layout';
import type { GeneratedCifar10Note } from '../cifar10/read';
import { renderClassImage } from './draw';

export interface GenerateCifar10Options {
  readonly seed: number;
  /** Records per batch file (the real set has 10,000; the loader's `recordsPerFile` must match). */
  readonly recordsPerFile: number;
}

/** Labels for one file: as balanced as the count allows, in a seeded random order. */
function balancedLabels(n: number, classes: number, rng: Rng): Uint8Array {
  const labels = new Uint8Array(n);
  const order = rng.permutation(n);
  for (let i = 0; i < n; i++) labels[order[i]] = i % classes;
  return labels;
}

/** The bytes of one CIFAR-10 batch file: per record a label byte, then the R, G and B planes. */
export function encodeCifar10Batch(images: Uint8Array, labels: Uint8Array): Uint8Array {
  const n = labels.length;
  const out = new Uint8Array(n * CIFAR10_RECORD_BYTES);
  const plane = CIFAR10_SIDE * CIFAR10_SIDE;
  for (let r = 0; r < n; r++) {
    const base = r * CIFAR10_RECORD_BYTES;
    out[base] = labels[r];
    const src = r * CIFAR10_IMAGE_BYTES;
    for (let p = 0; p < plane; p++) {
      out[base + 1 + p] = images[src + p * 3];
      out[base + 1 + plane + p] = images[src + p * 3 + 1];
      out[base + 1 + 2 * plane + p] = images[src + p * 3 + 2];
    }
  }
  return out;
}

/** One generated batch file's records (HWC images and labels). */
export function generateCifar10Records(rng: Rng, count: number): { images: Uint8Array; labels: Uint8Array } {
  const labels = balancedLabels(count, CIFAR10_CLASSES, rng);
  const images = new Uint8Array(count * CIFAR10_IMAGE_BYTES);
  for (let i = 0; i < count; i++) images.set(renderClassImage(rng, labels[i], CIFAR10_CLASSES, CIFAR10_SIDE), i * CIFAR10_IMAGE_BYTES);
  return { images, labels };
}

/**
 * Writes `root/cifar-10-batches-bin/` in the published binary format (5 training batches, a test batch and
 * batches.meta.txt) with generated, learnable images. The directory appears complete or not at all.
 */
export async function generateCifar10(root: string, options: GenerateCifar10Options): Promise<string> {
  const { recordsPerFile } = options;
  if (!Number.isInteger(recordsPerFile) || recordsPerFile <= 0) {
    throw new ConfigError(`recordsPerFile must be a positive integer, got ${recordsPerFile}`);
  }
  const rng = new Rng(options.seed);
  const target = path.join(root, CIFAR10_DIR);
  await writeDirAtomic(target, (dir) => {
    for (const file of [...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE]) {
      const { images, labels } = generateCifar10Records(rng.fork(file), recordsPerFile);
      fs.writeFileSync(path.join(dir, file), encodeCifar10Batch(images, labels));
    }
    fs.writeFileSync(path.join(dir, CIFAR10_META_FILE), `${CIFAR10_CLASS_NAMES.join('\n')}\n\n`);
    const note: GeneratedCifar10Note = { generator: '@l2p/data generateCifar10', seed: options.seed, recordsPerFile };
    fs.writeFileSync(path.join(dir, CIFAR10_GENERATED_FILE), `${JSON.stringify(note, null, 2)}\n`);
  });
  return target;
}
