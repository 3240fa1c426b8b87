import { hashString32, ProgressSink } from '@l2p/runtime';
import { BatchSource, type SgdSettingsInput, trainModel } from '@l2p/models';
import { FineTuner } from './pipeline-options';

/**
 * A fine-tuning recipe's SGD settings (the models package's TrainingRecipe without the batch size, which belongs
 * to `train`; epochs 0 = no fine-tuning. Paper note: the paper gives no fine-tuning recipe; experiments choose),
 * plus the run's seed and where progress goes.
 */
export interface FineTuneOptions extends SgdSettingsInput {
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
