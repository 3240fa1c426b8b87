import type { Argv } from 'yargs';
import type { JobLists, JobSpec, ListFlags } from '@l2p/experiments';
import { ConfigError } from '@l2p/runtime';

/**
 * The flags that choose jobs, and their one parser: `l2p sweep` and `l2p sweep status` take lists (--b, --seeds,
 * --methods), `l2p prune` one job (--b, --seed, --method). Both go through the experiments' list schema
 * (parseJobLists), so a bad b is refused with the same sentence everywhere; only the flag names differ.
 */

/** The lists of `l2p sweep` and `l2p sweep status`, as typed (parsed by `jobSelectionOf`). */
export interface SelectionArgs {
  b?: string;
  seeds?: string;
  methods?: string;
}

/** The one job of `l2p prune`, as typed (parsed by `pruneJobOf`). */
export interface PruneJobArgs {
  b: string;
  method: string;
  seed: string;
}

const SELECTION_FLAGS: ListFlags = { budgets: '--b', seeds: '--seeds', methods: '--methods' };
const PRUNE_JOB_FLAGS: ListFlags = { budgets: '--b', seeds: '--seed', methods: '--method' };

// The registry is loaded only when a command that needs it builds its options, so `l2p --help` stays fast.
function experiments(): typeof import('@l2p/experiments') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@l2p/experiments') as typeof import('@l2p/experiments');
}

/** --b, --seeds, --methods: which of an experiment's jobs to run (or show). */
export function withJobSelection<T>(yargs: Argv<T>): Argv<T & SelectionArgs> {
  return yargs
    .option('b', { type: 'string', describe: 'Budgets to run, e.g. 0.5,1,2: positive points, duplicates dropped (default: the config\'s)' })
    .option('seeds', { type: 'string', describe: 'Seeds to run, e.g. 0,1,2: whole numbers ≥ 0 (default: the config\'s)' })
    .option('methods', { type: 'string', describe: `Methods: ${experiments().methodNames().join(',')} (default: the config's; baselines need the agent)` }) as unknown as Argv<T & SelectionArgs>;
}

/** The lists given, parsed and checked (an absent flag: the config's list). */
export function jobSelectionOf(args: SelectionArgs): JobLists {
  return experiments().parseJobLists({ budgets: args.b, seeds: args.seeds, methods: args.methods }, SELECTION_FLAGS);
}

/** --b, --method, --seed: the one pruning job of `l2p prune`. */
export function withPruneJob<T>(yargs: Argv<T>): Argv<T & PruneJobArgs> {
  return yargs
    .option('b', { type: 'string', default: '1', describe: 'Largest acceptable drop, in accuracy (or mean-IU) points' })
    .option('method', { choices: experiments().methodNames(), default: 'agent', describe: 'Baselines prune as many filters per layer as the agent run with the same b and seed in --out' })
    .option('seed', { type: 'string', default: '0', describe: 'Seed of the agent / the random baseline (a whole number ≥ 0)' }) as unknown as Argv<T & PruneJobArgs>;
}

/** The job `l2p prune` runs, checked by the same schema as a sweep's lists; one value per flag. */
export function pruneJobOf(args: PruneJobArgs): JobSpec {
  const lists = experiments().parseJobLists({ budgets: args.b, seeds: args.seed, methods: args.method }, PRUNE_JOB_FLAGS);
  for (const key of ['budgets', 'seeds', 'methods'] as const) {
    const list = lists[key];
    if (list && list.length > 1) throw new ConfigError(`${PRUNE_JOB_FLAGS[key]} ${list.join(',')}: prune runs one job; for several, use \`l2p sweep\``);
  }
  return { kind: 'prune', method: args.method, b: (lists.budgets as number[])[0], seed: (lists.seeds as number[])[0] };
}
