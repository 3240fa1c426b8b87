import * as tf from '@tensorflow/tfjs';
import { type EngineName, type ProgressSink, silentProgress } from '@l2p/runtime';
import type { ModelDescription } from '../description/types';
import { InferenceNet } from '../inference/inference-net';
import { OnnxNet } from '../onnx/onnx-net';
import { type BatchSource, checkBatch } from '../train/batch-source';
import { crossEntropy } from '../train/loss';
import type { Weights } from '../weights/types';
import { ConfusionMatrix } from './confusion';

export interface ClassificationResult {
  task: 'classification';
  images: number;
  /** Mean cross-entropy. */
  loss: number;
  /** Top-1 accuracy in [0, 1]. */
  top1: number;
}

export interface SegmentationResult {
  task: 'segmentation';
  images: number;
  /** Labelled (non-void) pixels. */
  pixels: number;
  /** Mean pixel-wise cross-entropy over labelled pixels. */
  loss: number;
  pixelAccuracy: number;
  meanIoU: number;
  /** IU per class; null for a class absent from labels and predictions. */
  perClassIoU: (number | null)[];
}

export type EvaluationResult = ClassificationResult | SegmentationResult;

/** Accumulates loss and the confusion matrix over batches of (logits, labels). */
export class MetricAccumulator {
  readonly confusion: ConfusionMatrix;
  private lossSum = 0;
  private labelled = 0;
  images = 0;

  constructor(readonly description: ModelDescription) {
    this.confusion = new ConfusionMatrix(description.numClasses);
  }

  /** Adds one batch; `loss` is that batch's mean loss if already computed (saves a pass). */
  add(logits: tf.Tensor, labels: tf.Tensor, loss?: number): void {
    const pred = tf.argMax(logits, -1);
    const predictions = pred.dataSync();
    pred.dispose();
    const labelValues = labels.dataSync();
    let batchLoss = loss;
    if (batchLoss === undefined) {
      const l = crossEntropy(logits, labels);
      batchLoss = l.dataSync()[0];
      l.dispose();
    }
    const before = this.confusion.total();
    this.confusion.add(labelValues, predictions);
    const counted = this.confusion.total() - before;
    this.lossSum += batchLoss * counted;
    this.labelled += counted;
    this.images += logits.shape[0];
  }

  result(): EvaluationResult {
    const loss = this.labelled > 0 ? this.lossSum / this.labelled : NaN;
    if (this.description.task === 'classification') {
      return { task: 'classification', images: this.images, loss, top1: this.confusion.accuracy() };
    }
    return {
      task: 'segmentation',
      images: this.images,
      pixels: this.labelled,
      loss,
      pixelAccuracy: this.confusion.accuracy(),
      meanIoU: this.confusion.meanIoU(),
      perClassIoU: this.confusion.iou(),
    };
  }
}

export interface EvaluateOptions {
  description: ModelDescription;
  /** Not disposed. */
  weights: Weights;
  source: BatchSource;
  progress?: ProgressSink;
  /** Label for the progress line. Default 'eval'. */
  label?: string;
  /** Which engine runs the forward passes. Default 'tfjs' (the compute backend). */
  engine?: EngineName;
}

/** A forward pass on one engine: NHWC images → the model's output (owned by the caller). */
export interface Forward {
  predict(x: tf.Tensor): Promise<tf.Tensor>;
  dispose(): Promise<void>;
}

/** The network ready for forward passes on `engine`; dispose() releases it (not the weights). */
export async function forwardOn(engine: EngineName, description: ModelDescription, weights: Weights): Promise<Forward> {
  if (engine === 'onnxruntime') {
    const net = await OnnxNet.create(description, weights);
    return { predict: (x) => net.predict(x), dispose: () => net.release() };
  }
  const net = new InferenceNet(description, weights);
  return { predict: async (x) => net.predict(x), dispose: async () => net.dispose() };
}

/** Top-1 accuracy (classification) or pixel accuracy, mean IU and per-class IU (segmentation; void ignored). */
export async function evaluateModel(options: EvaluateOptions): Promise<EvaluationResult> {
  const net = await forwardOn(options.engine ?? 'tfjs', options.description, options.weights);
  const metrics = new MetricAccumulator(options.description);
  const task = (options.progress ?? silentProgress).start(options.label ?? 'eval', options.source.size, 'img');
  try {
    for await (const batch of options.source.batches(0)) {
      checkBatch(options.description.inputShape, batch, options.label ?? 'evaluation data');
      const logits = await net.predict(batch.x);
      metrics.add(logits, batch.y);
      task.tick(batch.x.shape[0]);
      tf.dispose([logits, batch.x, batch.y]);
    }
  } finally {
    await net.dispose();
  }
  const result = metrics.result();
  task.done(formatEvaluation(result));
  return result;
}

export function formatEvaluation(result: EvaluationResult): string {
  const pct = (v: number): string => `${(100 * v).toFixed(2)}%`;
  if (result.task === 'classification') return `top-1 ${pct(result.top1)}, loss ${result.loss.toFixed(4)} (${result.images} images)`;
  return `pixel acc ${pct(result.pixelAccuracy)}, mean IU ${pct(result.meanIoU)}, loss ${result.loss.toFixed(4)} (${result.images} images)`;
}

/**
 * Top-1 accuracy of each of K candidates from `forwardFrom(..., { candidates })` logits [K, B, classes] against
 * labels [B]: the pruning agent's per-candidate reward signal in one download.
 */
export function accuracyPerCandidate(logits: tf.Tensor, labels: tf.Tensor): number[] {
  const [k, b] = logits.shape;
  if (logits.rank !== 3 || labels.rank !== 1 || labels.shape[0] !== b) {
    throw new Error(`accuracyPerCandidate needs logits [K, B, classes] and labels [B], got [${logits.shape}] and [${labels.shape}]`);
  }
  const correct = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), tf.expandDims(tf.cast(labels, 'int32'), 0)), 'float32'), 1));
  const values = Array.from(correct.dataSync(), (c) => c / b);
  correct.dispose();
  return values.slice(0, k);
}
