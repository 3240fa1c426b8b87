import type { Argv } from 'yargs';
import type { ConfigurationName } from '@l2p/experiments';

export interface ExperimentOptions {
  configuration: ConfigurationName;
  runsDir: string;
}

/** Where run directories go without --runs-dir (relative to the working directory). */
export const DEFAULT_RUNS_DIR = 'runs';
/** Where reports of the default runs root go without --reports-dir. */
export const DEFAULT_REPORTS_DIR = 'reports';

/** Options shared by the commands that run an experiment's jobs. */
export function withExperimentOptions<T>(yargs: Argv<T>): Argv<T & ExperimentOptions> {
  // Loaded when a command's options are built, not for `l2p --help`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CONFIGURATION_NAMES } = require('@l2p/experiments') as typeof import('@l2p/experiments');
  return yargs
    .option('configuration', {
      alias: 'c',
      choices: CONFIGURATION_NAMES,
      default: 'paper' as ConfigurationName,
      describe: 'paper: full scale (GPU box); cpu: reduced width/subsets for a CPU; smoke: tiny generated data, seconds',
    })
    .option('runs-dir', { type: 'string', default: DEFAULT_RUNS_DIR, describe: 'Root of run directories' }) as unknown as Argv<T & ExperimentOptions>;
}
