import type { CommandModule } from 'yargs';
import type { JobSpec } from '@l2p/experiments';
import { ExperimentOptions, withExperimentOptions } from '../../experiment-options';
import { GlobalOptions } from '../../shared-options';

export interface JobArgs extends GlobalOptions, ExperimentOptions {
  experiment: string;
  job?: string;
  spec?: string;
}

/**
 * The job to run: `--spec` (the job as data, as executors give it), or a name typed by hand — `base`, or a job id
 * decoded here, once, at the command line's edge. 'base' trains the base model only.
 */
export function jobOfArgs(args: Pick<JobArgs, 'job' | 'spec'>): JobSpec | 'base' {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use (see info/command.ts)
  const { BASE_JOB, parseJobId, parseJobSpecArg } = require('@l2p/experiments') as typeof import('@l2p/experiments');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ConfigError } = require('@l2p/runtime') as typeof import('@l2p/runtime');
  if (args.spec !== undefined && args.job !== undefined) throw new ConfigError(`give the job as <job> ${args.job} or as --spec, not both`);
  if (args.spec !== undefined) return parseJobSpecArg(args.spec);
  if (args.job === undefined) throw new ConfigError('give the job: --spec \'{"kind":"prune","method":"agent","b":1,"seed":0}\', a job id such as agent-b1-s0, or base');
  return args.job === BASE_JOB ? 'base' : parseJobId(args.job);
}

/** One job of a sweep; `l2p sweep --parallel N` and Slurm jobs run these, given the job as data (--spec). */
export const jobCommand: CommandModule<GlobalOptions, JobArgs> = {
  command: 'job <experiment> [job]',
  describe: 'Run one job of an experiment under its lock (resumable; exit 3 if another process runs it): --spec <JSON of the job>, as sweep --parallel and Slurm jobs do, or by hand a job id (agent-b1-s0) or `base` (train the base model only)',
  builder: (yargs) =>
    withExperimentOptions(yargs)
      .positional('experiment', { type: 'string', demandOption: true })
      .positional('job', { type: 'string', describe: 'By hand: agent-b<b>-s<seed>, <baseline>-b<b>-s<seed>, <reference>-s<seed>, uniform-l1-s<seed>, or base' })
      .option('spec', {
        type: 'string',
        describe: 'The job as JSON: {"kind":"prune","method":"agent","b":1,"seed":0}, {"kind":"reference","name":"li-pruned-a","seed":0} or {"kind":"uniform-l1","seed":0}',
      }) as never,
  handler: async (args) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use (see info/command.ts)
    const { checkOutputDir, createLogger, createProgress } = require('@l2p/runtime') as typeof import('@l2p/runtime');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { jobId, openExperiment, runJobLocked } = require('@l2p/experiments') as typeof import('@l2p/experiments');
    // Checked before anything is opened: a bad job costs no base model.
    const job = jobOfArgs(args);
    checkOutputDir(args.runsDir, '--runs-dir');
    const logger = createLogger(args.logLevel);
    // `base`: opening the experiment trains (or waits for, or reuses) the base model under its lock; nothing else.
    const ctx = await openExperiment({
      experiment: args.experiment,
      configuration: args.configuration,
      runsRoot: args.runsDir,
      backend: args.backend,
      engine: args.engine,
      threads: args.threads,
      progress: createProgress(),
      logger,
    });
    if (job === 'base') {
      logger.info(`job base: done (${ctx.base.info.variant}, test ${ctx.base.info.testMetric.toFixed(2)})`);
      return;
    }
    const outcome = await runJobLocked(ctx, job);
    // The sweep's worker reads this line by the job's name (sweep.ts).
    logger.info(`job ${jobId(job)}: ${outcome}`);
  },
};
