import type { CommandModule } from 'yargs';
import { ExperimentOptions, withExperimentOptions } from '../../experiment-options';
import { GlobalOptions } from '../../shared-options';

export interface SweepArgs extends GlobalOptions, ExperimentOptions {
  experiment: string;
  b?: string;
  seeds?: string;
  methods?: string;
  parallel: number;
  fresh: boolean;
  report: boolean;
  reportsDir: string;
}

export const sweepCommand: CommandModule<GlobalOptions, SweepArgs> = {
  command: 'sweep <experiment>',
  describe: 'Run an experiment: train the base model once, then one pruning job per (b, seed, method); resumable; a job another sweep is running is left to it',
  builder: (yargs) => {
    // The registry is loaded only when `l2p sweep` runs, so `l2p --help` stays fast.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { methodNames } = require('../../experiments/job-lists') as typeof import('../../experiments/job-lists');
    return withExperimentOptions(yargs)
      .positional('experiment', { type: 'string', demandOption: true, describe: 'Experiment name (experiments/configs/<name>.json) or a JSON file' })
      .option('b', { type: 'string', describe: 'Budgets to run, e.g. 0.5,1,2: positive points, duplicates dropped (default: the config\'s)' })
      .option('seeds', { type: 'string', describe: 'Seeds to run, e.g. 0,1,2: whole numbers ≥ 0 (default: the config\'s)' })
      .option('methods', { type: 'string', describe: `Methods: ${methodNames().join(',')} (default: the config's; baselines need the agent)` })
      .option('parallel', { type: 'number', default: 1, describe: 'Jobs at once, each in its own process (use one per core)' })
      .option('fresh', { type: 'boolean', default: false, describe: 'Discard earlier results of this experiment first' })
      .option('report', { type: 'boolean', default: true, describe: 'Generate the HTML report at the end' })
      .option('reports-dir', { type: 'string', default: 'reports', describe: 'Where reports go' })
      .check((a) => {
        if (!Number.isInteger(a.parallel) || a.parallel < 1) throw new Error(`--parallel must be a positive integer, got ${a.parallel}`);
        return true;
      }) as never;
  },
  handler: async (args) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use (see info/command.ts)
    const { sweep } = require('./sweep') as typeof import('./sweep');
    const code = await sweep(args);
    if (code !== 0) process.exitCode = code;
  },
};
