import * as tf from '@tensorflow/tfjs';
import { arrayBatchSource, describeModel, type ModelDescription, trainModel, type Weights } from '@l2p/models';
import { patternDataset } from '@l2p/models/testing';
import type { Calibration } from '../evaluate/calibration';
import { loadLabelledBatches, type LabelledBatches } from '../evaluate/labelled-batches';

export interface TrainedProblem {
  description: ModelDescription;
  weights: Weights;
  reward: LabelledBatches;
  /** Training images (the first of the training set), for adaptive BN. */
  calibration: Calibration;
  dispose(): void;
}

/** Small configurations that train to well above chance in a few seconds on wasm. */
const CONFIGS = {
  vgg16: { width: 0.125, inputShape: [16, 16, 3] as [number, number, number] },
  resnet18: { width: 0.125, inputShape: [16, 16, 3] as [number, number, number] },
};

/**
 * A trained toy network: a small VGG-16 or ResNet-18 trained (seeded, a few epochs of SGD) on the learnable
 * pattern set, with a separate reward split and a calibration set drawn from the training images. Unlike random
 * weights, removing filters here changes accuracy, so tests of p̂ can fail.
 */
export async function trainedProblem(
  architecture: keyof typeof CONFIGS,
  options: { classes?: number; trainImages?: number; rewardImages?: number; calibrationImages?: number; epochs?: number; seed?: number } = {},
): Promise<TrainedProblem> {
  const seed = options.seed ?? 1;
  const classes = options.classes ?? 6;
  const { width, inputShape } = CONFIGS[architecture];
  const description = describeModel(architecture, { width, numClasses: classes, inputShape });
  const train = patternDataset(options.trainImages ?? 256, classes, inputShape[0], seed);
  const { weights } = await trainModel({
    description,
    train: arrayBatchSource({ ...train, batchSize: 32, shuffleSeed: seed }),
    epochs: options.epochs ?? 6,
    learningRate: 0.05,
    // Cosine decay to zero lets the BN moving statistics catch up with the final weights.
    schedule: { kind: 'cosine' },
    seed,
  });
  const calibration = { batches: [tf.slice(train.x, [0], [options.calibrationImages ?? 64]) as tf.Tensor4D] };
  tf.dispose([train.x, train.y]);
  const held = patternDataset(options.rewardImages ?? 128, classes, inputShape[0], seed + 100);
  const reward = await loadLabelledBatches(arrayBatchSource({ ...held, batchSize: 64 }));
  tf.dispose([held.x, held.y]);
  return {
    description,
    weights,
    reward,
    calibration,
    dispose() {
      tf.dispose(Object.values(weights));
      reward.dispose();
      tf.dispose(calibration.batches);
    },
  };
}
