import * as tf from '@tensorflow/tfjs';
import { ConfigError, type Rng } from '@l2p/runtime';
import { drawAugment, writeImage } from './augment';
import { normalizationTable } from './normalize';
import type { AugmentOptions, ClassificationSplit } from './types';

export interface ClassificationBatchOptions {
  /** Images per batch (the last batch may be smaller unless `dropRemainder`). */
  readonly batchSize: number;
  /** Visit the split's images in a seeded random order. Default false (ascending index order). */
  readonly shuffle?: boolean;
  /** `true` applies the split's default augmentation; an object overrides parts of it. Default false. */
  readonly augment?: boolean | Partial<AugmentOptions>;
  /** Required when shuffling or augmenting: one epoch consumes it (shuffle first, then per-image draws). */
  readonly rng?: Rng;
  /** Skip a final partial batch. Default false. */
  readonly dropRemainder?: boolean;
}

/**
 * One batch. Ownership: the two tensors belong to the consumer, who must dispose them (e.g.
 * `tf.dispose([b.x, b.y])`); the iterator keeps no reference and creates no other tensors.
 */
export interface ClassificationBatch {
  /** Normalised images, NHWC float32. */
  readonly x: tf.Tensor4D;
  /** One-hot labels, float32 [n, classes]. */
  readonly y: tf.Tensor2D;
  /** The same labels as plain class indices (no tensor), for accuracy counting. */
  readonly labels: Uint8Array;
  /** Which images of the split's data set are in the batch, in batch order. */
  readonly indices: Uint32Array;
}

export function batchCount(split: ClassificationSplit, options: Pick<ClassificationBatchOptions, 'batchSize' | 'dropRemainder'>): number {
  const n = split.indices.length;
  return options.dropRemainder ? Math.floor(n / options.batchSize) : Math.ceil(n / options.batchSize);
}

function resolveAugment(split: ClassificationSplit, augment: ClassificationBatchOptions['augment']): AugmentOptions | undefined {
  if (!augment) return undefined;
  const options = augment === true ? split.augmentDefaults : { ...split.augmentDefaults, ...augment };
  if (!Number.isInteger(options.padding) || options.padding < 0 || options.padding >= split.data.height) {
    throw new ConfigError(`augment.padding must be an integer in [0, ${split.data.height}), got ${options.padding}`);
  }
  return options;
}

/**
 * One epoch over a split. Each batch is built by typed-array copies into one fresh Float32Array and becomes one
 * tf.tensor4d, so memory stays at one batch however large the data set.
 */
export function* classificationBatches(
  split: ClassificationSplit,
  options: ClassificationBatchOptions,
): Generator<ClassificationBatch, void, undefined> {
  const { batchSize } = options;
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new ConfigError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  const augment = resolveAugment(split, options.augment);
  const rng = options.rng;
  if ((options.shuffle || augment) && !rng) {
    throw new ConfigError('batches: shuffle and augment need an rng (every random choice is seeded)');
  }
  const { data } = split;
  const { height, width, channels, classes } = data;
  const imageSize = height * width * channels;
  const lut = normalizationTable(split.normalization, channels);
  const order = Uint32Array.from(split.indices);
  if (options.shuffle && rng) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
  const total = batchCount(split, options);
  for (let b = 0; b < total; b++) {
    const start = b * batchSize;
    const n = Math.min(batchSize, order.length - start);
    const indices = order.slice(start, start + n);
    const x = new Float32Array(n * imageSize);
    const y = new Float32Array(n * classes);
    const labels = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const idx = indices[k];
      const draw = augment && rng ? drawAugment(rng, augment) : undefined;
      writeImage(x, k * imageSize, data.images, idx * imageSize, data, lut, augment?.padding ?? 0, draw);
      labels[k] = data.labels[idx];
      y[k * classes + labels[k]] = 1;
    }
    yield {
      x: tf.tensor4d(x, [n, height, width, channels], 'float32'),
      y: tf.tensor2d(y, [n, classes], 'float32'),
      labels,
      indices,
    };
  }
}
