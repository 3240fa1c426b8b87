import * as tf from '@tensorflow/tfjs';
import { arrayBatchSource, ModelDescription, Weights } from '@l2p/models';
import { patternDataset, randomWeights, tinyDescription } from '@l2p/models/testing';
import { loadLabelledBatches, LabelledBatches } from '../evaluate/labelled-batches';

/** A tiny network of a zoo architecture with non-trivial weights and a reward split of pattern images. */
export async function toyProblem(
  architecture: 'vgg16' | 'resnet18' | 'fcn32s',
  options: { seed?: number; rewardImages?: number; batchSize?: number } = {},
): Promise<{ description: ModelDescription; weights: Weights; reward: LabelledBatches }> {
  const description = tinyDescription(architecture);
  const weights = randomWeights(description, options.seed ?? 1);
  const [h, w] = description.inputShape;
  const n = options.rewardImages ?? 24;
  let x: tf.Tensor4D;
  let y: tf.Tensor;
  if (description.task === 'classification') {
    ({ x, y } = patternDataset(n, description.numClasses, h, options.seed ?? 1));
  } else {
    x = tf.randomNormal([n, h, w, 3], 0, 1, 'float32', options.seed ?? 1) as tf.Tensor4D;
    y = tf.tidy(() => tf.randomUniform([n, h, w], 0, description.numClasses, 'int32', (options.seed ?? 1) + 1));
  }
  const reward = await loadLabelledBatches(arrayBatchSource({ x, y, batchSize: options.batchSize ?? 8 }));
  tf.dispose([x, y]);
  return { description, weights, reward };
}
