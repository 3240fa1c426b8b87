import * as tf from '@tensorflow/tfjs';
import { ConfusionMatrix, ModelDescription } from '@l2p/models';

/** The task's metric in points: top-1 accuracy (classification) or mean IU (segmentation), × 100. */
export function metricPoints(description: ModelDescription, confusion: ConfusionMatrix): number {
  return 100 * (description.task === 'classification' ? confusion.accuracy() : confusion.meanIoU());
}

/** Adds a batch's predictions (argmax of logits) to a confusion matrix. */
export function addPredictions(confusion: ConfusionMatrix, logits: tf.Tensor, labels: tf.Tensor): void {
  const pred = tf.argMax(logits, -1);
  confusion.add(labels.dataSync(), pred.dataSync());
  pred.dispose();
}

/** Adds K candidates' predictions: logits [K, B, ..., classes] against labels [B, ...]. One download. */
export function addCandidatePredictions(confusions: ConfusionMatrix[], first: number, logits: tf.Tensor, labels: tf.Tensor): void {
  const k = logits.shape[0];
  const pred = tf.tidy(() => tf.argMax(logits, -1));
  const values = pred.dataSync();
  pred.dispose();
  const truth = labels.dataSync();
  const per = truth.length;
  for (let i = 0; i < k; i++) confusions[first + i].add(truth, values.subarray(i * per, (i + 1) * per));
}
