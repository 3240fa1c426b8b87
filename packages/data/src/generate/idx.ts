import * as path from 'path';
import { gzipSync } from 'zlib';
import { ConfigError, ensureDir, Rng, writeFileAtomic } from '@l2p/runtime';
import { MNIST_FILES } from '../mnist/checksums';
import { encodeIdx, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC } from '../mnist/idx';
import { renderGreyClassImage } from './draw';

export interface GenerateIdxOptions {
  readonly seed: number;
  readonly train: number;
  readonly test: number;
  /** Image side. Default 28 (MNIST's). */
  readonly side?: number;
  /** Default 10. */
  readonly classes?: number;
  /** Write name.gz files instead of plain ones. Default false. */
  readonly gzip?: boolean;
}

/** Writes the four MNIST-named IDX files (images magic 2051, labels 2049) with generated grey class images. */
export function generateIdx(dir: string, options: GenerateIdxOptions): string[] {
  const side = options.side ?? 28;
  const classes = options.classes ?? 10;
  for (const [k, v] of Object.entries({ train: options.train, test: options.test })) {
    if (!Number.isInteger(v) || v <= 0) throw new ConfigError(`${k} must be a positive integer, got ${v}`);
  }
  const rng = new Rng(options.seed);
  const written: string[] = [];
  ensureDir(dir);
  const write = (name: string, bytes: Uint8Array): void => {
    const file = path.join(dir, options.gzip ? `${name}.gz` : name);
    writeFileAtomic(file, options.gzip ? gzipSync(bytes) : bytes);
    written.push(file);
  };
  const sets = [
    { count: options.train, images: MNIST_FILES.trainImages, labels: MNIST_FILES.trainLabels },
    { count: options.test, images: MNIST_FILES.testImages, labels: MNIST_FILES.testLabels },
  ];
  for (const set of sets) {
    const r = rng.fork(set.images);
    const order = r.permutation(set.count);
    const labels = new Uint8Array(set.count);
    for (let i = 0; i < set.count; i++) labels[order[i]] = i % classes;
    const pixels = new Uint8Array(set.count * side * side);
    for (let i = 0; i < set.count; i++) pixels.set(renderGreyClassImage(r, labels[i], classes, side), i * side * side);
    write(set.images, encodeIdx(IDX_IMAGES_MAGIC, [set.count, side, side], pixels));
    write(set.labels, encodeIdx(IDX_LABELS_MAGIC, [set.count], labels));
  }
  return written;
}
