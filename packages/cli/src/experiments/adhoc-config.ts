import { ConfigError } from '@l2p/runtime';
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
  schedule: 'constant' | 'cosine';
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
export function adhocConfig(flags: AdhocFlags, extra: Partial<Pick<ExperimentConfig, 'agent' | 'fineTune' | 'budgets' | 'methods' | 'layers'>> = {}): ExperimentConfig {
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
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `--${i.path[i.path.length - 1] ?? 'options'}: ${i.message}`).join('\n'));
  }
  return parsed.data;
}
