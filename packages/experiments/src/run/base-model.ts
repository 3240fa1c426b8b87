import { countModel, describeModel, loadModel, ModelDescription, saveModel, sgdRecipe, trainModel, weightName, Weights } from '@l2p/models';
import { FIRST_LAYER_ROWS, writeArrowFile } from '@l2p/pruning';
import { configHash, Logger, ProgressSink, readJson, writeJsonAtomic } from '@l2p/runtime';
import * as fs from 'fs';
import * as path from 'path';
import { ExperimentConfig } from '../config/config-schema';
import { ExperimentData } from './data-sources';
import { evaluatePoints } from './metrics';

export interface BaseModelInfo {
  key: string;
  architecture: string;
  variant: string;
  width: number;
  params: number;
  macs: number;
  testMetric: number;
  rewardMetric: number;
  perClassIoU: (number | null)[] | null;
  epochs: number;
  trainSeconds: number;
}

export interface BaseModel {
  description: ModelDescription;
  weights: Weights;
  info: BaseModelInfo;
  dir: string;
}

/** What determines the base network: data, architecture and training recipe (not budgets, methods or seeds). */
export function baseKey(config: ExperimentConfig): string {
  // The train sample is read after training (criteria, BN recalibration): it does not change the base.
  const { trainSampleSize: _sample, ...dataset } = config.dataset;
  // Channel groups change the network's description; hashed as model.groups, where the flag was before it moved
  // to `advanced`, so base models trained before the move keep their key.
  const model = config.advanced.channelGroups ? { ...config.model, groups: true } : config.model;
  return configHash({ dataset, model, base: config.base });
}

/**
 * The unpruned network, trained once per base key and cached in `<experiment dir>/base/`: model/ (tfjs layers
 * format), base.json (metrics), first-layer.arrow (for the kept-filters figure). Training checkpoints every
 * epoch and resumes after a crash.
 */
export async function ensureBaseModel(
  config: ExperimentConfig,
  data: ExperimentData,
  expDir: string,
  progress: ProgressSink,
  logger: Logger,
): Promise<BaseModel> {
  const dir = path.join(expDir, 'base');
  const infoFile = path.join(dir, 'base.json');
  const key = baseKey(config);
  if (fs.existsSync(infoFile)) {
    const info = readJson<BaseModelInfo>(infoFile);
    if (info.key === key) {
      const model = await loadModel(path.join(dir, 'model'));
      logger.info(`base model: reusing ${dir} (${info.variant}, test ${info.testMetric.toFixed(2)})`);
      return { ...model, info, dir };
    }
    logger.info(`base model: ${dir} was trained for another recipe; training anew`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const description = describeModel(config.model.architecture, {
    width: config.model.width,
    groups: config.advanced.channelGroups,
    numClasses: data.numClasses,
    inputShape: data.inputShape,
  });
  const count = countModel(description);
  logger.info(
    `base model: training ${description.variant} (${(count.params / 1e6).toFixed(3)} M params, ${(count.macs / 1e6).toFixed(1)} M MACs/image) for ${config.base.epochs} epochs on ${data.sizes.train} images`,
  );
  const started = Date.now();
  const trained = await trainModel({
    description,
    train: data.train,
    ...sgdRecipe(config.base),
    seed: config.base.seed,
    outDir: path.join(dir, 'train'),
    resume: fs.existsSync(path.join(dir, 'train', 'checkpoint')),
    progress,
    onEpoch: (s) => logger.info(`  epoch ${s.epoch}/${s.epochs}: loss ${s.loss.toFixed(4)}, train ${(100 * s.accuracy).toFixed(2)}%, ${s.imagesPerSecond.toFixed(1)} img/s`),
  });
  const trainSeconds = (Date.now() - started) / 1000;
  const info = await measureBase(description, trained.weights, data, progress, { key, epochs: config.base.epochs, trainSeconds });
  await saveModel(path.join(dir, 'model'), { description, weights: trained.weights });
  writeFirstLayer(description, trained.weights, path.join(dir, 'first-layer.arrow'));
  writeJsonAtomic(infoFile, info);
  fs.rmSync(path.join(dir, 'train'), { recursive: true, force: true });
  logger.info(`base model: test ${info.testMetric.toFixed(2)}, reward split ${info.rewardMetric.toFixed(2)} (${trainSeconds.toFixed(0)} s)`);
  return { description, weights: trained.weights, info, dir };
}

/** Counts and test / reward-split metrics of a network that is about to be pruned. */
export async function measureBase(
  description: ModelDescription,
  weights: Weights,
  data: ExperimentData,
  progress: ProgressSink,
  facts: Pick<BaseModelInfo, 'key' | 'epochs' | 'trainSeconds'>,
): Promise<BaseModelInfo> {
  const count = countModel(description);
  const test = await evaluatePoints(description, weights, data.test, progress, 'base test');
  const reward = await evaluatePoints(description, weights, data.reward, progress, 'base reward split');
  return {
    ...facts,
    architecture: description.architecture,
    variant: description.variant,
    width: description.width,
    params: count.params,
    macs: count.macs,
    testMetric: test.points,
    rewardMetric: reward.points,
    perClassIoU: test.result.task === 'segmentation' ? test.result.perClassIoU : null,
  };
}

/** The first unit's filters (its first member's), for the report's kept-filters figure. */
function writeFirstLayer(description: ModelDescription, weights: Weights, file: string): void {
  const layer = description.groups[0]?.members[0];
  if (!layer) return;
  const kernel = weights[weightName(layer, 'kernel')];
  const [k, , cin, n] = kernel.shape;
  const values = kernel.dataSync();
  const rows = Array.from({ length: n }, (_, f) => ({
    layer,
    filter: f,
    kernel: k,
    in_channels: cin,
    values: Array.from({ length: k * k * cin }, (_, j) => values[j * n + f]),
  }));
  writeArrowFile(file, FIRST_LAYER_ROWS, rows);
}
