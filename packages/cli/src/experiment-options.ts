import type { Argv } from 'yargs';
import { CONFIGURATION_NAMES, ConfigurationName } from './experiments/configuration-names';

export interface ExperimentOptions {
  configuration: ConfigurationName;
  runsDir: string;
}

/** Options shared by the commands that run an experiment's jobs. */
export function withExperimentOptions<T>(yargs: Argv<T>): Argv<T & ExperimentOptions> {
  return yargs
    .option('configuration', {
      alias: 'c',
      choices: CONFIGURATION_NAMES,
      default: 'paper' as ConfigurationName,
      describe: 'paper: full scale (GPU box); cpu: reduced width/subsets for a CPU; smoke: tiny generated data, seconds',
    })
    .option('runs-dir', { type: 'string', default: 'runs', describe: 'Root of run directories' }) as unknown as Argv<T & ExperimentOptions>;
}
