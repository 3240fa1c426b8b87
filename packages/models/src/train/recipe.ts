import { z } from 'zod';
import { type LrSchedule, lrScheduleSchema } from './schedule';

/** The recipe's defaults, also the `l2p train` flags' defaults. Li et al. 2017's SGD: momentum 0.9, decay 5e-4. */
export const RECIPE_DEFAULTS: Readonly<{ momentum: number; weightDecay: number; schedule: LrSchedule }> = Object.freeze({
  momentum: 0.9,
  weightDecay: 5e-4,
  schedule: { kind: 'constant' as const },
});

/**
 * A training recipe: the one type for base training, the fine-tuning after each pruned layer and the final
 * fine-tune (the experiment schema extends it with what each of those adds: a seed, images per layer or epoch).
 * The schema is the type (TrainingRecipe is inferred from it) and holds the defaults; trainModel, makeFineTuner,
 * `l2p train` and experiment files all read it, so a rule (momentum < 1) is written once.
 */
export const trainingRecipeSchema = z
  .object({
    /** Passes over the training data. 0 = none (a fine-tuning that is skipped); trainModel itself needs ≥ 1. */
    epochs: z.number().int().nonnegative(),
    /** Images per SGD step (read by the batch source, not by trainModel). */
    batchSize: z.number().int().positive(),
    /** The schedule's starting learning rate. */
    learningRate: z.number().positive(),
    /** SGD momentum, PyTorch semantics. Default 0.9 (Li et al. 2017). */
    momentum: z.number().min(0).lt(1).default(RECIPE_DEFAULTS.momentum),
    /** L2 penalty on every trainable weight, PyTorch's SGD `weight_decay`. Default 5e-4 (Li et al. 2017). */
    weightDecay: z.number().nonnegative().default(RECIPE_DEFAULTS.weightDecay),
    /** Default constant. */
    schedule: lrScheduleSchema.default(() => ({ ...RECIPE_DEFAULTS.schedule })),
  })
  .strict();

export type TrainingRecipe = z.output<typeof trainingRecipeSchema>;
/** A recipe as written: momentum, weightDecay and schedule may be left to their defaults. */
export type TrainingRecipeInput = z.input<typeof trainingRecipeSchema>;

/** What trainModel reads of a recipe (the batch size belongs to the batch source). */
export const sgdSettingsSchema = trainingRecipeSchema.omit({ batchSize: true });
export type SgdSettings = z.output<typeof sgdSettingsSchema>;
export type SgdSettingsInput = z.input<typeof sgdSettingsSchema>;

/** A recipe's SGD settings, in the shape trainModel and makeFineTuner take (without the batch size). */
export function sgdRecipe(recipe: TrainingRecipe): SgdSettings {
  return { epochs: recipe.epochs, learningRate: recipe.learningRate, momentum: recipe.momentum, weightDecay: recipe.weightDecay, schedule: recipe.schedule };
}
