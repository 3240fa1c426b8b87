import * as tf from '@tensorflow/tfjs';
import { ClassificationDataset, ClassificationSplit, classificationBatches, classificationSplits, DATASETS, datasetSetOptions, SegmentationData, segmentationBatches } from '@l2p/data';
import { Batch, BatchSource } from '@l2p/models';
import { ConfigError, Rng } from '@l2p/runtime';
import * as path from 'path';
import { ExperimentConfig } from '../config/config-schema';

/** The four ways an experiment reads its data, all as models' BatchSource. */
export interface ExperimentData {
  /** What the run records as its data set, when it is not the config's dataset.name (a user's data for `l2p prune --model`). */
  name?: string;
  task: 'classification' | 'segmentation';
  numClasses: number;
  classNames: readonly string[];
  /** Per-channel mean subtracted from segmentation inputs (0–255, RGB), to show them as decoded; null for classification. */
  pixelMean: readonly number[] | null;
  inputShape: [number, number, number];
  /** Base training: shuffled and augmented, a new order every epoch. */
  train: BatchSource;
  /** Fine-tuning after each layer: like `train`, limited to `imagesPerLayer` images per pass. */
  fineTune(layerIndex: number): BatchSource;
  /** The fine-tuning after the last layer (and of the uniform-L1 sweep): like `train`, `imagesPerEpoch` per epoch. */
  finalFineTune: BatchSource | null;
  /** A fixed sample of `trainSampleSize` training images, unaugmented, in a fixed order (Taylor, BN recalibration). */
  trainSample: BatchSource;
  /** The held-out reward split, in a fixed order. */
  reward: BatchSource;
  /** The held-out guard split the budget contract is checked on (dataset.guardSize), or null: the reward split. */
  guard: BatchSource | null;
  /** The test set (validation set for VOC), in a fixed order. Never used inside the pruning loop. */
  test: BatchSource;
  sizes: { train: number; reward: number; guard: number; test: number };
  files: readonly string[];
}

/** Drops a classification batch's one-hot tensor: the models package wants int32 class indices. */
function classificationSource(split: ClassificationSplit, batchSize: number, mode: { seed: number; augment: boolean } | null, limit?: number | null): BatchSource {
  const size = limit ? Math.min(limit, split.indices.length) : split.indices.length;
  return {
    size,
    *batches(epoch: number): Iterable<Batch> {
      const rng = mode ? new Rng(mode.seed).fork(`epoch-${epoch}`) : undefined;
      let seen = 0;
      for (const b of classificationBatches(split, { batchSize, shuffle: Boolean(mode), augment: mode?.augment ?? false, rng })) {
        if (seen >= size) {
          tf.dispose([b.x, b.y]);
          break;
        }
        const take = Math.min(b.labels.length, size - seen);
        seen += take;
        b.y.dispose();
        const x = take < b.labels.length ? (tf.tidy(() => tf.slice(b.x, [0], [take])) as tf.Tensor4D) : b.x;
        if (x !== b.x) b.x.dispose();
        yield { x, y: tf.tensor1d(Int32Array.from(b.labels.subarray(0, take)), 'int32') };
      }
    },
  };
}

function subsetSplit(split: ClassificationSplit, count: number | null, rng: Rng): ClassificationSplit {
  if (!count || count >= split.indices.length) return split;
  const picked = rng.permutation(split.indices.length).slice(0, count).sort((a, b) => a - b);
  return { ...split, indices: Uint32Array.from(picked, (i) => split.indices[i]) };
}

/** The experiment's splits and sources over a loaded classification data set (also `l2p prune --model`'s). */
export function openClassification(config: ExperimentConfig, dataset: ClassificationDataset, files: readonly string[]): ExperimentData {
  const d = config.dataset;
  const splits = classificationSplits(dataset, { seed: 0, rewardSize: d.rewardSize, guardSize: d.guardSize ?? 0 });
  const rng = new Rng(1).fork('subsets');
  const train = subsetSplit(splits.train, d.trainSubset, rng.fork('train'));
  const test = subsetSplit(splits.test, d.testSubset, rng.fork('test'));
  const batch = config.base.batchSize;
  const data = dataset.train;
  return {
    task: 'classification',
    numClasses: data.classes,
    classNames: data.classNames,
    pixelMean: null,
    inputShape: [data.height, data.width, data.channels],
    train: classificationSource(train, batch, { seed: config.base.seed, augment: d.augment }),
    fineTune: (layerIndex) =>
      classificationSource(train, config.fineTune.batchSize, { seed: 1000 + layerIndex, augment: d.augment }, config.fineTune.imagesPerLayer),
    finalFineTune: config.finalFineTune
      ? classificationSource(train, config.finalFineTune.batchSize, { seed: 2000, augment: d.augment }, config.finalFineTune.imagesPerEpoch)
      : null,
    trainSample: classificationSource(subsetSplit(train, d.trainSampleSize, rng.fork('train-sample')), config.evalBatchSize, null),
    reward: classificationSource(splits.reward, config.evalBatchSize, null),
    guard: splits.guard ? classificationSource(splits.guard, config.evalBatchSize, null) : null,
    test: classificationSource(test, config.evalBatchSize, null),
    sizes: { train: train.indices.length, reward: splits.reward.indices.length, guard: splits.guard?.indices.length ?? 0, test: test.indices.length },
    files,
  };
}

/** `train`: a new seeded order every epoch, and random scale/crop/flip when `augment` (else whole padded images). */
function segmentationSource(
  data: SegmentationData,
  ids: readonly string[],
  batchSize: number,
  size: number,
  train: { seed: number; augment: boolean } | null,
  limit?: number | null,
): BatchSource {
  const count = limit ? Math.min(limit, ids.length) : ids.length;
  return {
    size: count,
    async *batches(epoch: number): AsyncIterable<Batch> {
      const rng = train ? new Rng(train.seed).fork(`epoch-${epoch}`) : undefined;
      const order = train && rng ? rng.shuffle([...ids]).slice(0, count) : ids.slice(0, count);
      for await (const b of segmentationBatches(data, order, {
        batchSize,
        augment: train?.augment ? { size } : false,
        rng,
        padTo: train?.augment ? undefined : size,
      })) {
        yield { x: b.x, y: b.labels };
      }
    },
  };
}

function openSegmentation(config: ExperimentConfig, voc: SegmentationData, files: readonly string[]): ExperimentData {
  const d = config.dataset;
  const size = d.cropSize;
  if (!size || size % 32 !== 0) throw new ConfigError(`dataset.cropSize must be a multiple of 32 for segmentation, got ${size}`);
  const rng = new Rng(0).fork('reward-split');
  const trainIds = rng.shuffle([...voc.splits.train]);
  const guardSize = d.guardSize ?? 0;
  if (d.rewardSize + guardSize >= trainIds.length) {
    throw new ConfigError(`dataset.rewardSize + dataset.guardSize (${d.rewardSize} + ${guardSize}) must be below the ${trainIds.length} training images`);
  }
  const reward = trainIds.slice(0, d.rewardSize).sort();
  const guard = trainIds.slice(d.rewardSize, d.rewardSize + guardSize).sort();
  let train = trainIds.slice(d.rewardSize + guardSize).sort();
  if (d.trainSubset) train = train.slice(0, d.trainSubset);
  const test = d.testSubset ? voc.splits.val.slice(0, d.testSubset) : voc.splits.val;
  return {
    task: 'segmentation',
    numClasses: voc.classes,
    classNames: voc.classNames,
    pixelMean: voc.mean,
    inputShape: [size, size, 3],
    train: segmentationSource(voc, train, config.base.batchSize, size, { seed: config.base.seed, augment: d.augment }),
    fineTune: (layerIndex) =>
      segmentationSource(voc, train, config.fineTune.batchSize, size, { seed: 1000 + layerIndex, augment: d.augment }, config.fineTune.imagesPerLayer),
    finalFineTune: config.finalFineTune
      ? segmentationSource(voc, train, config.finalFineTune.batchSize, size, { seed: 2000, augment: d.augment }, config.finalFineTune.imagesPerEpoch)
      : null,
    trainSample: segmentationSource(voc, new Rng(0).fork('train-sample').shuffle([...train]).slice(0, d.trainSampleSize).sort(), config.evalBatchSize, size, null),
    reward: segmentationSource(voc, reward, config.evalBatchSize, size, null),
    guard: guardSize > 0 ? segmentationSource(voc, guard, config.evalBatchSize, size, null) : null,
    test: segmentationSource(voc, test, config.evalBatchSize, size, null),
    sizes: { train: train.length, reward: reward.length, guard: guard.length, test: test.length },
    files,
  };
}

/**
 * Opens the experiment's data set through the data package's registry, then shapes it for its task. Real data sets
 * are read from their roots and never substituted: a missing CIFAR-10 or VOC root is a DataMissingError that names
 * the fetch command. Generated sets are made once under `<runs>/_generated`.
 */
export async function openExperimentData(config: ExperimentConfig, runsRoot: string): Promise<ExperimentData> {
  const d = config.dataset;
  const opened = await DATASETS.get(d.name).open({ root: d.root, generate: d.generate, cropSize: d.cropSize, setOptions: datasetSetOptions(d), generatedDir: path.join(runsRoot, '_generated') });
  return opened.task === 'classification' ? openClassification(config, opened.data, opened.files) : openSegmentation(config, opened.data, opened.files);
}
