import type { ScheduleKind } from '@l2p/models';
import { ConfigError } from '@l2p/runtime';
import type { z } from 'zod';
import { ExperimentConfig, experimentSchema } from './config-schema';

/** Flags of `l2p train` / `l2p prune` that describe data, model and recipe. */
export interface AdhocFlags {
  model: string;
  dataset: string;
  dataRoot?: string;
  width: number;
  epochs: number;
  batchSize: number;
  lr: number;
  /** A step schedule needs milestones, which only an experiment file can give. */
  schedule: Exclude<ScheduleKind, 'step'>;
  weightDecay: number;
  rewardSize: number;
  trainSubset?: number;
  testSubset?: number;
  augment: boolean;
  seed: number;
}

/**
 * An experiment config made from command-line flags, validated by the same schema as experiment files, so
 * `l2p train` and `l2p prune` read data exactly as sweeps do (same reward split, same subsets).
 */
export function adhocConfig(flags: AdhocFlags, extra: Partial<Pick<z.input<typeof experimentSchema>, 'agent' | 'fineTune' | 'budgets' | 'methods' | 'layers'>> = {}): ExperimentConfig {
  const parsed = experimentSchema.safeParse({
    name: 'adhoc',
    description: 'from command-line flags',
    dataset: {
      name: flags.dataset,
      root: flags.dataRoot,
      rewardSize: flags.rewardSize,
      trainSubset: flags.trainSubset ?? null,
      testSubset: flags.testSubset ?? null,
      augment: flags.augment,
    },
    model: { architecture: flags.model, width: flags.width },
    base: { epochs: flags.epochs, batchSize: flags.batchSize, learningRate: flags.lr, weightDecay: flags.weightDecay, schedule: { kind: flags.schedule }, seed: flags.seed },
    fineTune: extra.fineTune ?? { epochs: 1, batchSize: flags.batchSize, learningRate: 0.01, imagesPerLayer: null },
    agent: extra.agent ?? {},
    budgets: extra.budgets ?? [1],
    seeds: [flags.seed],
    methods: extra.methods ?? ['agent'],
    layers: extra.layers ?? null,
  });
  if (!parsed.success) throw new ConfigError(describeFlagIssues(flags, parsed.error.issues));
  return parsed.data;
}

/** Which flag each config field comes from (fineTune.batchSize repeats --batch-size). */
const FLAG_OF: Record<string, keyof AdhocFlags> = {
  'dataset.name': 'dataset',
  'dataset.root': 'dataRoot',
  'dataset.rewardSize': 'rewardSize',
  'dataset.trainSubset': 'trainSubset',
  'dataset.testSubset': 'testSubset',
  'dataset.augment': 'augment',
  'model.architecture': 'model',
  'model.width': 'width',
  'base.epochs': 'epochs',
  'base.batchSize': 'batchSize',
  'base.learningRate': 'lr',
  'base.weightDecay': 'weightDecay',
  'base.schedule': 'schedule',
  'base.seed': 'seed',
  'fineTune.batchSize': 'batchSize',
  'seeds.0': 'seed',
};

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** One line: each offending flag once, as typed (`--batch-size 0: Number must be greater than 0`). */
function describeFlagIssues(flags: AdhocFlags, issues: readonly { path: (string | number)[]; message: string }[]): string {
  const lines = issues.map((issue) => {
    const field = FLAG_OF[issue.path.join('.')];
    return field ? `--${kebab(field)} ${String(flags[field])}: ${issue.message}` : `${issue.path.join('.')}: ${issue.message}`;
  });
  return [...new Set(lines)].join('; ');
}
