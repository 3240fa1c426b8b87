import type { Argv, CommandModule } from 'yargs';
import { ExperimentOptions, withExperimentOptions } from '../../experiment-options';
import { SelectionArgs, withJobSelection } from '../../job-options';
import { GlobalOptions, positiveInteger } from '../../shared-options';

export interface SweepArgs extends GlobalOptions, ExperimentOptions, SelectionArgs {
  experiment: string;
  executor: string;
  parallel: number;
  slurmPartition?: string;
  slurmTime?: string;
  slurmGres?: string;
  slurmCpus?: number;
  wait: boolean;
  fresh: boolean;
  report: boolean;
  reportsDir?: string;
}

export type SweepStatusArgs = GlobalOptions & ExperimentOptions & SelectionArgs & { experiment: string };

/** The experiment and the jobs of it to run or show: shared by `l2p sweep` and `l2p sweep status`. */
function withSelection<T>(yargs: Argv<T>): Argv<T & ExperimentOptions & SelectionArgs & { experiment: string }> {
  const withExperiment = withExperimentOptions(yargs).positional('experiment', { type: 'string', demandOption: true, describe: 'Experiment name (experiments/configs/<name>.json) or a JSON file' });
  return withJobSelection(withExperiment as unknown as Argv<T & ExperimentOptions & { experiment: string }>);
}

const runCommand: CommandModule<GlobalOptions, SweepArgs> = {
  command: '$0 <experiment>',
  describe: 'Run an experiment: train the base model once, then one pruning job per (b, seed, method); resumable',
  builder: (yargs) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { EXECUTORS } = require('@l2p/experiments') as typeof import('@l2p/experiments');
    return withSelection(yargs)
      .option('executor', {
        choices: EXECUTORS.names(),
        default: 'local',
        describe: EXECUTORS.all()
          .map((e) => `${e.name}: ${e.description}`)
          .join('; '),
      })
      .option('parallel', { type: 'number', default: 1, describe: 'local: jobs at once, each in its own process (use one per core)', coerce: positiveInteger('--parallel') })
      .option('slurm-partition', { type: 'string', describe: 'slurm: partition of every job (default: the cluster\'s)' })
      .option('slurm-time', { type: 'string', describe: 'slurm: wall-time limit per job, e.g. 4:00:00 (a job that hits it resumes from its checkpoint when re-submitted)' })
      .option('slurm-gres', { type: 'string', describe: 'slurm: generic resources per job, e.g. gpu:1' })
      .option('slurm-cpus', { type: 'number', describe: 'slurm: CPUs per job (--cpus-per-task; onnxruntime uses as many threads)', coerce: positiveInteger('--slurm-cpus') })
      .option('wait', { type: 'boolean', default: false, describe: 'slurm: wait for every job, with progress, then write the summary and report (default: print the job ids and return)' })
      .option('fresh', { type: 'boolean', default: false, describe: 'Discard earlier results of this experiment first' })
      .option('report', { type: 'boolean', default: true, describe: 'Generate the HTML report at the end' })
      .option('reports-dir', { type: 'string', describe: 'Where reports go (default: reports/, or <runs-dir>/reports when --runs-dir is given, so a side run never overwrites the main report)' })
      .check((a) => {
        const slurmOnly = ['slurm-partition', 'slurm-time', 'slurm-gres', 'slurm-cpus'].filter((f) => a[f] !== undefined);
        if (a.executor !== 'slurm' && slurmOnly.length > 0) throw new Error(`--${slurmOnly[0]} needs --executor slurm, got --executor ${a.executor}`);
        if (a.executor !== 'slurm' && a.wait) throw new Error(`--wait needs --executor slurm (a local sweep always waits), got --executor ${a.executor}`);
        if (a.executor === 'slurm' && a.parallel !== 1) throw new Error(`--parallel is for --executor local; Slurm runs as many jobs at once as the cluster allows, got --parallel ${a.parallel}`);
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

const statusCommand: CommandModule<GlobalOptions, SweepStatusArgs> = {
  command: 'status <experiment>',
  describe: "Show every job's state: from the run directory (done, running, checkpoint, lock) and, for Slurm jobs, the scheduler (squeue)",
  builder: (yargs) => withSelection(yargs) as never,
  handler: (args) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use
    const { sweepStatusReport } = require('./status') as typeof import('./status');
    process.stdout.write(sweepStatusReport(args));
  },
};

export const sweepCommand: CommandModule<GlobalOptions, GlobalOptions> = {
  command: 'sweep',
  describe: 'Run an experiment\'s budget sweep (`l2p sweep <experiment>`, on this machine or a Slurm cluster), or show its state (`l2p sweep status <experiment>`)',
  builder: (yargs) => yargs.command(statusCommand).command(runCommand) as never,
  handler: () => undefined,
};
