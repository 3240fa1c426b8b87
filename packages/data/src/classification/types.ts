/**
 * The one in-memory shape shared by every classification data set (CIFAR-10, MNIST, generated sets), so that the
 * models package trains from any of them through the same batch iterator.
 */

/** A set of equally sized images with one class label each, held in two flat typed arrays (never per-image tensors). */
export interface ClassificationData {
  /** Pixels 0–255, NHWC (image-major, then row, column, channel): `count·height·width·channels` values. */
  readonly images: Uint8Array;
  /** One class index per image, `0 ≤ label < classes`. */
  readonly labels: Uint8Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly classes: number;
  readonly classNames: readonly string[];
}

/** Per-channel mean and standard deviation of pixel values scaled to [0, 1]. */
export interface ChannelStats {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** Training augmentation: zero-pad, random crop back to the original size, optional horizontal flip. */
export interface AugmentOptions {
  /** Pixels of black padding on each side before the random crop; 0 disables cropping. CIFAR default 4. */
  readonly padding: number;
  /** Random horizontal flip with probability 1/2. CIFAR default true; MNIST default false (digits are not symmetric). */
  readonly flip: boolean;
}

/** A loaded data set: the published train and test sets plus what batches need to normalise and augment them. */
export interface ClassificationDataset {
  readonly name: string;
  /** The published training set (50,000 images for CIFAR-10, 60,000 for MNIST). */
  readonly train: ClassificationData;
  readonly test: ClassificationData;
  /** Computed on the whole published training set. */
  readonly normalization: ChannelStats;
  readonly augmentDefaults: AugmentOptions;
  /** Files read, for provenance in run records. */
  readonly files: readonly string[];
}

export const SPLIT_NAMES = ['train', 'reward', 'guard', 'test'] as const;
/**
 * `train`: the training set minus the reward split. `reward`: held out from training, used only by the pruning
 * agent's reward. `test`: the published test set, never used inside the pruning loop.
 */
export type SplitName = (typeof SPLIT_NAMES)[number];

/** A view of some images of a data set, by index; building batches copies only the indexed images. */
export interface ClassificationSplit {
  readonly name: SplitName;
  readonly data: ClassificationData;
  /** Indices into `data`, ascending. */
  readonly indices: Uint32Array;
  readonly normalization: ChannelStats;
  readonly augmentDefaults: AugmentOptions;
}
