import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, DataMissingError, DivergenceError, formatDuration, hashString32, parseOptions, type ProgressSink, silentProgress } from '@l2p/runtime';
import type { ModelDescription } from '../description/types';
import { type EvaluationResult, evaluateModel, formatEvaluation, MetricAccumulator } from '../eval/evaluate';
import { loadModel, readCheckpointJson, saveModel } from '../io/checkpoint';
import { initWeights } from '../weights/init';
import { weightSpecs } from '../weights/specs';
import { cloneWeights, disposeWeights, type Weights } from '../weights/types';
import { type BatchSource, checkBatch } from './batch-source';
import { crossEntropy } from './loss';
import { type SgdSettings, type SgdSettingsInput, sgdSettingsSchema } from './recipe';
import { learningRateAt } from './schedule';
import { Sgd } from './sgd';
import { forwardTrain } from './train-forward';

export const CHECKPOINT_DIR = 'checkpoint';
export const TRAIN_STATE_JSON = 'train-state.json';
export const OPTIMIZER_BIN = 'optimizer.bin';

/**
 * What to train and on what, plus the recipe's SGD settings (epochs, learningRate, momentum, weightDecay,
 * schedule: see recipe.ts for each one's default and rule).
 */
export interface TrainOptions extends SgdSettingsInput {
  description: ModelDescription;
  /** Starting weights (e.g. a pruned model to fine-tune); not disposed. Default: `initWeights(description, seed)`. */
  initialWeights?: Weights;
  train: BatchSource;
  /** Evaluated after every epoch when given. */
  validation?: BatchSource;
  /** Seeds initialisation and dropout; the batch source seeds its own shuffling. Default 0. */
  seed?: number;
  /** When given, `${outDir}/checkpoint` is rewritten atomically after every epoch. */
  outDir?: string;
  /** Continue from `${outDir}/checkpoint` (same options required); gives the same result as an uninterrupted run. */
  resume?: boolean;
  progress?: ProgressSink;
  /** Called after each epoch's checkpoint is written. */
  onEpoch?(stats: EpochStats): void | Promise<void>;
}

export interface EpochStats {
  /** 1-based. */
  epoch: number;
  epochs: number;
  learningRate: number;
  /** Mean training loss over the epoch (pixel-wise for segmentation, void ignored). */
  loss: number;
  /** Training top-1 (classification) or pixel accuracy (segmentation), from the batches as trained. */
  accuracy: number;
  /** Segmentation only: training mean IU. */
  meanIoU?: number;
  validation?: EvaluationResult;
  /** Training images per second (excluding validation). */
  imagesPerSecond: number;
  seconds: number;
  /** Estimated time for the remaining epochs. */
  etaSeconds: number;
}

export interface TrainResult {
  description: ModelDescription;
  /** Final weights, owned by the caller. */
  weights: Weights;
  history: EpochStats[];
}

/** The options a resumed run must share with the run it continues. */
interface RunConfig extends SgdSettings {
  seed: number;
}

interface TrainStateFile {
  version: 1;
  epochsCompleted: number;
  config: RunConfig;
  history: EpochStats[];
  optimizer: tf.io.WeightsManifestEntry[];
}

function checkOptions(o: TrainOptions): RunConfig {
  const { epochs, learningRate, momentum, weightDecay, schedule } = o;
  const sgd = parseOptions(sgdSettingsSchema, { epochs, learningRate, momentum, weightDecay, schedule }, '');
  // The recipe allows 0 epochs (a skipped fine-tuning); a call to train needs at least one.
  if (sgd.epochs < 1) throw new ConfigError(`epochs must be a positive integer, got ${o.epochs}`);
  const seed = o.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0) throw new ConfigError(`seed must be a non-negative integer, got ${o.seed}`);
  if (o.resume && !o.outDir) throw new ConfigError('resume needs outDir (where the checkpoint is)');
  return { ...sgd, seed };
}

interface Resumed {
  weights: Weights;
  optimizer: tf.NamedTensorMap;
  state: TrainStateFile;
}

async function readResume(dir: string, description: ModelDescription, config: RunConfig): Promise<Resumed> {
  if (!fs.existsSync(path.join(dir, 'model.json'))) {
    throw new DataMissingError(`cannot resume: no checkpoint at ${dir}`, 'run without --resume to start training');
  }
  const state = readCheckpointJson<TrainStateFile>(dir, TRAIN_STATE_JSON);
  const differing = (Object.keys(config) as (keyof RunConfig)[]).filter(
    (k) => JSON.stringify(config[k]) !== JSON.stringify(state.config[k]),
  );
  if (differing.length > 0) {
    throw new ConfigError(
      `cannot resume from ${dir}: options differ from the checkpointed run: ` +
        differing.map((k) => `${k} ${JSON.stringify(state.config[k])} → ${JSON.stringify(config[k])}`).join(', '),
    );
  }
  const saved = await loadModel(dir);
  if (JSON.stringify(saved.description) !== JSON.stringify(description)) {
    disposeWeights(saved.weights);
    throw new ConfigError(`cannot resume from ${dir}: the checkpoint is of a different model (${saved.description.architecture}, plan of ${saved.description.plan.length} steps)`);
  }
  const bytes = fs.readFileSync(path.join(dir, OPTIMIZER_BIN));
  const optimizer = tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, state.optimizer);
  return { weights: saved.weights, optimizer, state };
}

async function writeCheckpoint(dir: string, description: ModelDescription, weights: Weights, sgd: Sgd, state: Omit<TrainStateFile, 'optimizer'>): Promise<void> {
  const buffers = sgd.state();
  const encoded = await tf.io.encodeWeights(buffers);
  tf.dispose(Object.values(buffers));
  const file: TrainStateFile = { ...state, optimizer: encoded.specs };
  await saveModel(dir, { description, weights }, {
    [TRAIN_STATE_JSON]: `${JSON.stringify(file, null, 2)}\n`,
    [OPTIMIZER_BIN]: new Uint8Array(tf.io.CompositeArrayBuffer.join(encoded.data)),
  });
}

/**
 * The training loop: SGD with momentum and weight decay, per-epoch learning-rate schedule, cross-entropy (pixel-wise
 * with void ignored for segmentation), a checkpoint per epoch, and exact resumption. A NaN or infinite loss stops
 * the run with a DivergenceError naming the epoch and step; the last checkpoint (the last good epoch) is kept.
 */
export async function trainModel(options: TrainOptions): Promise<TrainResult> {
  const config = checkOptions(options);
  const { description } = options;
  const progress = options.progress ?? silentProgress;
  const checkpointDir = options.outDir ? path.join(options.outDir, CHECKPOINT_DIR) : undefined;

  let start: Weights;
  let history: EpochStats[] = [];
  let firstEpoch = 0;
  let optimizerState: tf.NamedTensorMap | undefined;
  if (options.resume && checkpointDir) {
    const resumed = await readResume(checkpointDir, description, config);
    start = resumed.weights;
    optimizerState = resumed.optimizer;
    history = resumed.state.history;
    firstEpoch = resumed.state.epochsCompleted;
  } else {
    start = options.initialWeights ? cloneWeights(options.initialWeights) : initWeights(description, config.seed);
  }

  const specs = weightSpecs(description);
  const trainable = new Map<string, tf.Variable>();
  const frozen = new Map<string, tf.Variable>();
  for (const s of specs) {
    const t = start[s.name];
    if (!t) throw new ConfigError(`initial weights have no '${s.name}'`);
    (s.trainable ? trainable : frozen).set(s.name, tf.variable(t, s.trainable));
  }
  disposeWeights(start);
  const lookup = (name: string): tf.Tensor => (trainable.get(name) ?? frozen.get(name)) as tf.Tensor;
  const sgd = new Sgd(trainable, { momentum: config.momentum, weightDecay: config.weightDecay });
  if (optimizerState) {
    sgd.setState(optimizerState);
    tf.dispose(Object.values(optimizerState));
  }
  const bnMomentum = new Map(description.nodes.flatMap((n) => (n.kind === 'bn' ? [[n.name, n.momentum] as const] : [])));
  const currentWeights = (): Weights => Object.fromEntries([...trainable, ...frozen].map(([k, v]) => [k, tf.clone(v)]));

  try {
    for (let epoch = firstEpoch; epoch < config.epochs; epoch++) {
      const lr = learningRateAt(config.schedule, config.learningRate, epoch, config.epochs);
      const task = progress.start(`epoch ${epoch + 1}/${config.epochs}`, options.train.size, 'img');
      const metrics = new MetricAccumulator(description);
      const startedAt = performance.now();
      let step = 0;
      for await (const batch of options.train.batches(epoch)) {
        checkBatch(description.inputShape, batch, `training data, epoch ${epoch + 1} step ${step + 1}`);
        const stats: { bn: string; mean: tf.Tensor; variance: tf.Tensor; count: number }[] = [];
        let logits: tf.Tensor | undefined;
        const { value, grads } = tf.variableGrads(() => {
          const out = forwardTrain(description, lookup, batch.x, {
            seedFor: (node) => hashString32(`${config.seed}:dropout:${epoch}:${step}:${node}`),
            onBatchStats: (bn, mean, variance, count) => stats.push({ bn, mean: tf.keep(mean), variance: tf.keep(variance), count }),
          });
          logits = tf.keep(out);
          return crossEntropy(out, batch.y);
        }, [...trainable.values()]);
        const loss = value.dataSync()[0];
        if (!Number.isFinite(loss)) {
          tf.dispose([value, batch.x, batch.y, logits as tf.Tensor, ...Object.values(grads), ...stats.flatMap((s) => [s.mean, s.variance])]);
          throw new DivergenceError(
            `training diverged at epoch ${epoch + 1}, step ${step + 1}: loss is ${loss}`,
            checkpointDir && epoch > 0
              ? `the last good checkpoint (epoch ${epoch}) is kept at ${checkpointDir}; lower the learning rate`
              : 'lower the learning rate',
          );
        }
        // Variable names differ from weight names; map gradients back by position.
        const named: tf.NamedTensorMap = {};
        for (const [name, v] of trainable) named[name] = grads[v.name];
        sgd.step(named, lr);
        tf.tidy(() => {
          for (const s of stats) {
            const m = bnMomentum.get(s.bn) as number;
            const mean = frozen.get(`${s.bn}/moving_mean`) as tf.Variable;
            const variance = frozen.get(`${s.bn}/moving_variance`) as tf.Variable;
            // NOTE: the moving variance uses the unbiased batch variance, as PyTorch does (Keras uses the biased one).
            const unbiased = tf.mul(s.variance, s.count / Math.max(1, s.count - 1));
            mean.assign(tf.add(tf.mul(mean, m), tf.mul(s.mean, 1 - m)));
            variance.assign(tf.add(tf.mul(variance, m), tf.mul(unbiased, 1 - m)));
          }
        });
        metrics.add(logits as tf.Tensor, batch.y, loss);
        tf.dispose([value, batch.x, batch.y, logits as tf.Tensor, ...Object.values(grads), ...stats.flatMap((s) => [s.mean, s.variance])]);
        step += 1;
        task.tick(batch.x.shape[0], `loss ${loss.toFixed(4)} lr ${lr.toPrecision(3)}`);
      }
      const trainSeconds = (performance.now() - startedAt) / 1000;
      const trained = metrics.result();
      let validation: EvaluationResult | undefined;
      if (options.validation) {
        const weights = currentWeights();
        validation = await evaluateModel({ description, weights, source: options.validation, progress, label: `epoch ${epoch + 1} validation` });
        disposeWeights(weights);
      }
      const seconds = (performance.now() - startedAt) / 1000;
      const done = history.length + 1;
      const meanSeconds = (history.reduce((a, h) => a + h.seconds, 0) + seconds) / done;
      const stats: EpochStats = {
        epoch: epoch + 1,
        epochs: config.epochs,
        learningRate: lr,
        loss: trained.loss,
        accuracy: trained.task === 'classification' ? trained.top1 : trained.pixelAccuracy,
        ...(trained.task === 'segmentation' ? { meanIoU: trained.meanIoU } : {}),
        ...(validation ? { validation } : {}),
        imagesPerSecond: metrics.images / trainSeconds,
        seconds,
        etaSeconds: meanSeconds * (config.epochs - epoch - 1),
      };
      history = [...history, stats];
      task.done(formatEpoch(stats));
      if (checkpointDir) {
        const weights = currentWeights();
        await writeCheckpoint(checkpointDir, description, weights, sgd, { version: 1, epochsCompleted: epoch + 1, config, history });
        disposeWeights(weights);
      }
      await options.onEpoch?.(stats);
    }
    return { description, weights: currentWeights(), history };
  } finally {
    sgd.dispose();
    for (const v of [...trainable.values(), ...frozen.values()]) v.dispose();
  }
}

export function formatEpoch(s: EpochStats): string {
  const parts = [
    `epoch ${s.epoch}/${s.epochs}`,
    `lr ${s.learningRate.toPrecision(3)}`,
    `loss ${s.loss.toFixed(4)}`,
    `acc ${(100 * s.accuracy).toFixed(2)}%`,
  ];
  if (s.meanIoU !== undefined) parts.push(`mIoU ${(100 * s.meanIoU).toFixed(2)}%`);
  if (s.validation) parts.push(`val ${formatEvaluation(s.validation)}`);
  parts.push(`${s.imagesPerSecond.toFixed(1)} img/s`, `ETA ${formatDuration(s.etaSeconds)}`);
  return parts.join(', ');
}
