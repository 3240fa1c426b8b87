import * as tf from '@tensorflow/tfjs';
import { ConfigError, Rng } from '@l2p/runtime';

/** One batch. */
export interface Batch {
  /** Images, float32 [B, H, W, C]. */
  x: tf.Tensor4D;
  /** Class indices, int32: [B] for classification, [B, H, W] for segmentation (255 = void, ignored). */
  y: tf.Tensor;
}

/**
 * Where the training loop and evaluation get their data; the data package's loaders are adapted to this.
 *
 * Contract:
 * - `batches(epoch)` yields one epoch. Its order must depend only on `epoch` (shuffle with an Rng derived from the
 *   epoch index, e.g. `new Rng(seed).fork(\`epoch-${epoch}\`)`), so a resumed run sees exactly the batches an
 *   uninterrupted one would.
 * - Ownership: every yielded batch's tensors pass to the consumer, which disposes them once used.
 */
export interface BatchSource {
  /** Images per epoch. */
  readonly size: number;
  batches(epoch: number): Iterable<Batch> | AsyncIterable<Batch>;
}

export interface ArrayBatchSourceOptions {
  /** Images [N, H, W, C]; kept (not copied) and not disposed by the source. */
  x: tf.Tensor4D;
  /** Labels [N] or [N, H, W], int32. */
  y: tf.Tensor;
  batchSize: number;
  /** Reshuffle every epoch with this seed; omit for a fixed order (evaluation). */
  shuffleSeed?: number;
}

/** A BatchSource whose batches are produced synchronously. */
export interface SyncBatchSource extends BatchSource {
  batches(epoch: number): Iterable<Batch>;
}

/** A BatchSource over tensors in memory (tests, small data sets). */
export function arrayBatchSource(options: ArrayBatchSourceOptions): SyncBatchSource {
  const { x, y, batchSize, shuffleSeed } = options;
  const n = x.shape[0];
  if (y.shape[0] !== n) throw new ConfigError(`arrayBatchSource: x has ${n} images, y has ${y.shape[0]} labels`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ConfigError(`batchSize must be a positive integer, got ${batchSize}`);
  return {
    size: n,
    *batches(epoch: number) {
      const order =
        shuffleSeed === undefined ? Array.from({ length: n }, (_, i) => i) : new Rng(shuffleSeed).fork(`epoch-${epoch}`).permutation(n);
      for (let start = 0; start < n; start += batchSize) {
        const idx = tf.tensor1d(order.slice(start, start + batchSize), 'int32');
        const batch = { x: tf.gather(x, idx) as tf.Tensor4D, y: tf.gather(y, idx) };
        idx.dispose();
        yield batch;
      }
    },
  };
}

/** Throws ConfigError unless the batch's images match the model input and its labels match the images. */
export function checkBatch(inputShape: readonly number[], batch: Batch, where: string): void {
  const got = batch.x.shape.slice(1);
  if (batch.x.rank !== 4 || got.join() !== inputShape.join()) {
    throw new ConfigError(`${where}: batch images are [${batch.x.shape.join(', ')}], the model takes [B, ${inputShape.join(', ')}]`);
  }
  if (batch.y.shape[0] !== batch.x.shape[0]) {
    throw new ConfigError(`${where}: ${batch.x.shape[0]} images but ${batch.y.shape[0]} labels in a batch`);
  }
}
