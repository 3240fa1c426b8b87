import { LrSchedule } from '@l2p/models';
import { TrainingConfig } from '../config/config-schema';

/** The SGD settings of a training config, in the shape trainModel takes. */
export function sgdRecipe(t: TrainingConfig): { epochs: number; learningRate: number; momentum: number; weightDecay: number; schedule: LrSchedule } {
  return { epochs: t.epochs, learningRate: t.learningRate, momentum: t.momentum, weightDecay: t.weightDecay, schedule: t.schedule };
}
