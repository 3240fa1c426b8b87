import * as tf from '@tensorflow/tfjs';
import { Batch, BatchSource, ConfusionMatrix, ModelDescription } from '@l2p/models';

/**
 * The held-out reward split, resident in memory as batches (it is small: the agent evaluates it hundreds of
 * times). Owns its tensors.
 */
export interface RewardData {
  readonly batches: readonly Batch[];
  readonly size: number;
  dispose(): void;
}

export async function loadRewardData(source: BatchSource): Promise<RewardData> {
  const batches: Batch[] = [];
  for await (const batch of source.batches(0)) batches.push(batch);
  return {
    batches,
    size: batches.reduce((s, b) => s + b.x.shape[0], 0),
    dispose: () => batches.forEach((b) => tf.dispose([b.x, b.y])),
  };
}

/** The task's metric in points: top-1 accuracy (classification) or mean IU (segmentation), × 100. */
export function metricPoints(description: ModelDescription, confusion: ConfusionMatrix): number {
  return 100 * (description.task === 'classification' ? confusion.pixelAccuracy() : confusion.meanIoU());
}

/** Adds a batch's predictions (argmax of logits) to a confusion matrix. */
export function addPredictions(confusion: ConfusionMatrix, logits: tf.Tensor, labels: tf.Tensor): void {
  const pred = tf.argMax(logits, -1);
  confusion.add(labels.dataSync(), pred.dataSync());
  pred.dispose();
}
