import { ConfigError, parseOptions } from '@l2p/runtime';
import { trainingRecipeSchema, sgdRecipe } from './recipe';

describe('the training recipe: one schema for base training, fine-tuning and the final fine-tune', () => {
  it('fills momentum, weight decay and schedule with their defaults, and sgdRecipe drops only the batch size', () => {
    const r = trainingRecipeSchema.parse({ epochs: 2, batchSize: 64, learningRate: 0.05 });
    expect(r).toEqual({ epochs: 2, batchSize: 64, learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4, schedule: { kind: 'constant' } });
    expect(sgdRecipe(r)).toEqual({ epochs: 2, learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4, schedule: { kind: 'constant' } });
  });

  it.each([
    [{ momentum: 1 }, /^fineTune\.momentum: Number must be less than 1, got 1$/],
    [{ schedule: { kind: 'step', milestones: [-1], gamma: 0.1 } }, /^fineTune\.schedule\.milestones\.0: Number must be greater than or equal to 0, got -1$/],
    [{ schedule: { kind: 'cosine', gamma: 0.1 } }, /^fineTune\.schedule: Unrecognized key\(s\) in object: 'gamma'$/],
  ])('refuses %j in one line naming the key', (extra, message) => {
    const call = (): unknown => parseOptions(trainingRecipeSchema, { epochs: 1, batchSize: 8, learningRate: 0.01, ...extra }, 'fineTune');
    expect(call).toThrow(ConfigError);
    expect(call).toThrow(message);
  });
});
