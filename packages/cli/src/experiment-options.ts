import type { Argv } from 'yargs';
import { CONFIGURATION_NAMES, ConfigurationName } from './experiments/load-config';

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

export function parseList(value: string | undefined, what: string, parse: (s: string) => number = Number): number[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean).map(parse);
  if (items.length === 0 || items.some((v) => !Number.isFinite(v))) throw new Error(`--${what} must be a comma-separated list of numbers, got '${value}'`);
  return items;
}
