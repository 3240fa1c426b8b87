import { EngineName } from '@l2p/runtime';
import * as tf from '@tensorflow/tfjs';
import { ConfusionMatrix, InferenceNet, ModelDescription, OnnxNet, Weights } from '@l2p/models';
import { addPredictions, metricPoints, RewardData } from './reward-data';

/**
 * A whole network's metric in points on a resident split (reward or guard), on `engine`. The pipeline measures p,
 * the guard and the candidates' p̂ on one engine, so a budget check never compares figures of two engines.
 */
export async function networkMetric(description: ModelDescription, weights: Weights, data: RewardData, engine: EngineName = 'tfjs'): Promise<number> {
  const confusion = new ConfusionMatrix(description.numClasses);
  if (engine === 'onnxruntime') {
    const net = await OnnxNet.create(description, weights);
    try {
      for (const batch of data.batches) {
        const logits = await net.predict(batch.x);
        addPredictions(confusion, logits, batch.y);
        logits.dispose();
      }
    } finally {
      await net.release();
    }
  } else {
    const net = new InferenceNet(description, weights);
    try {
      for (const batch of data.batches) {
        const logits = tf.tidy(() => net.predict(batch.x));
        addPredictions(confusion, logits, batch.y);
        logits.dispose();
      }
    } finally {
      net.dispose();
    }
  }
  return metricPoints(description, confusion);
}
