import { hashString32, ProgressSink } from '@l2p/runtime';
import { BatchSource, LrSchedule, trainModel } from '@l2p/models';
import { FineTuner } from './pipeline-options';

export interface FineTuneOptions {
  /** Passes over `train` after each layer is cut. Paper note: not given; experiments choose (0 = no fine-tuning). */
  epochs: number;
  /** Constant learning rate (Li et al. retrain at 0.001). */
  learningRate: number;
  momentum?: number;
  weightDecay?: number;
  /** Default constant. */
  schedule?: LrSchedule;
  seed: number;
  progress?: ProgressSink;
}

/**
 * A FineTuner that runs the models package's SGD loop, seeded per layer. `train` may be a function giving each
 * layer its own source (e.g. a different subset of the training set per layer).
 */
export function makeFineTuner(train: BatchSource | ((layerIndex: number) => BatchSource), options: FineTuneOptions): FineTuner {
  return async (description, weights, step) => {
    if (options.epochs === 0) return weights;
    const result = await trainModel({
      description,
      initialWeights: weights,
      train: typeof train === 'function' ? train(step.layerIndex) : train,
      epochs: options.epochs,
      learningRate: options.learningRate,
      momentum: options.momentum,
      weightDecay: options.weightDecay,
      schedule: options.schedule,
      seed: hashString32(`${options.seed}:finetune:${step.layer}`),
      progress: options.progress,
    });
    return result.weights;
  };
}
