import * as tf from '@tensorflow/tfjs';
import { ConfigError, type Rng } from '@l2p/runtime';
import type { SegmentationData, SegmentationSample } from './read';
import { DEFAULT_SEGMENTATION_AUGMENT, drawCrop, roundUp, writePadded, writeTrainCrop, type SegmentationAugmentOptions } from './transforms';

export interface SegmentationBatchOptions {
  /** Images per batch (the last batch may be smaller unless `dropRemainder`). */
  readonly batchSize: number;
  /** Seeded random order. Default false (list order). */
  readonly shuffle?: boolean;
  /**
   * Training mode: `true` or options give random scale/crop/flip to a square (DEFAULT_SEGMENTATION_AUGMENT).
   * Default false: evaluation mode, whole images padded at the bottom and right.
   */
  readonly augment?: boolean | Partial<SegmentationAugmentOptions>;
  /** Required when shuffling or augmenting. */
  readonly rng?: Rng;
  /** Evaluation: each batch is padded to its largest image rounded up to this multiple. Default 32. */
  readonly padMultiple?: number;
  /** Evaluation: pad every batch to this square side instead (must hold every image), so all batches share a shape. */
  readonly padTo?: number;
  readonly dropRemainder?: boolean;
}

/**
 * One batch. Ownership: `x` and `labels` belong to the consumer, who disposes them; nothing else is allocated
 * on the tfjs side.
 */
export interface SegmentationBatch {
  /** Mean-subtracted RGB, NHWC float32. */
  readonly x: tf.Tensor4D;
  /** Class per pixel, int32 [n, h, w]; `voidLabel` (255) where nothing should be counted. */
  readonly labels: tf.Tensor3D;
  /** The labels' values as a typed array, for metrics without reading the tensor back. */
  readonly labelValues: Int32Array;
  readonly ids: readonly string[];
  /** Each image's own size before cropping or padding. */
  readonly sizes: readonly { height: number; width: number }[];
}

function resolveAugment(augment: SegmentationBatchOptions['augment']): SegmentationAugmentOptions | undefined {
  if (!augment) return undefined;
  const o = augment === true ? DEFAULT_SEGMENTATION_AUGMENT : { ...DEFAULT_SEGMENTATION_AUGMENT, ...augment };
  if (!Number.isInteger(o.size) || o.size <= 0) throw new ConfigError(`augment.size must be a positive integer, got ${o.size}`);
  if (!(o.minScale > 0 && o.maxScale >= o.minScale)) {
    throw new ConfigError(`augment scale range must satisfy 0 < minScale ≤ maxScale, got [${o.minScale}, ${o.maxScale}]`);
  }
  return o;
}

function build(
  data: SegmentationData,
  samples: SegmentationSample[],
  augment: SegmentationAugmentOptions | undefined,
  rng: Rng | undefined,
  options: SegmentationBatchOptions,
): SegmentationBatch {
  const n = samples.length;
  let height: number;
  let width: number;
  if (augment) {
    height = width = augment.size;
  } else if (options.padTo !== undefined) {
    height = width = options.padTo;
  } else {
    const multiple = options.padMultiple ?? 32;
    height = roundUp(Math.max(...samples.map((s) => s.height)), multiple);
    width = roundUp(Math.max(...samples.map((s) => s.width)), multiple);
  }
  const x = new Float32Array(n * height * width * 3);
  const labelValues = new Int32Array(n * height * width);
  samples.forEach((s, k) => {
    const xo = k * height * width * 3;
    const lo = k * height * width;
    if (augment && rng) {
      writeTrainCrop(s, augment.size, drawCrop(rng, s.height, s.width, augment), data.mean, data.voidLabel, x, xo, labelValues, lo);
    } else {
      if (s.height > height || s.width > width) {
        throw new ConfigError(`padTo ${options.padTo} is smaller than image ${s.id} (${s.width}×${s.height})`);
      }
      writePadded(s, height, width, data.mean, data.voidLabel, x, xo, labelValues, lo);
    }
  });
  return {
    x: tf.tensor4d(x, [n, height, width, 3], 'float32'),
    labels: tf.tensor3d(labelValues, [n, height, width], 'int32'),
    labelValues,
    ids: samples.map((s) => s.id),
    sizes: samples.map((s) => ({ height: s.height, width: s.width })),
  };
}

/**
 * One epoch over `ids`. Decoding runs one batch ahead of the consumer (JPEG decoding is asynchronous in sharp's
 * thread pool), and a malformed file stops the epoch with its DataFormatError.
 */
export async function* segmentationBatches(
  data: SegmentationData,
  ids: readonly string[],
  options: SegmentationBatchOptions,
): AsyncGenerator<SegmentationBatch, void, undefined> {
  const { batchSize } = options;
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new ConfigError(`batchSize must be a positive integer, got ${batchSize}`);
  const augment = resolveAugment(options.augment);
  const { rng } = options;
  if ((options.shuffle || augment) && !rng) throw new ConfigError('batches: shuffle and augment need an rng (every random choice is seeded)');
  const order = [...ids];
  if (options.shuffle && rng) rng.shuffle(order);
  const groups: string[][] = [];
  for (let i = 0; i < order.length; i += batchSize) groups.push(order.slice(i, i + batchSize));
  if (options.dropRemainder && groups.length > 0 && groups[groups.length - 1].length < batchSize) groups.pop();

  const load = (group: string[]): Promise<SegmentationSample[]> => {
    const p = Promise.all(group.map((id) => data.loadSample(id)));
    // The prefetch may fail while the consumer is busy, or after it stopped early: mark it handled now; awaiting
    // it below still throws its error.
    p.catch(() => undefined);
    return p;
  };
  let pending = groups.length > 0 ? load(groups[0]) : undefined;
  for (let g = 0; g < groups.length; g++) {
    const samples = await (pending as Promise<SegmentationSample[]>);
    pending = g + 1 < groups.length ? load(groups[g + 1]) : undefined;
    yield build(data, samples, augment, rng, options);
  }
}
