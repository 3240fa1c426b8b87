import type { CommandModule } from 'yargs';
import { ExperimentOptions, withExperimentOptions } from '../../experiment-options';
import { GlobalOptions } from '../../shared-options';

export interface JobArgs extends GlobalOptions, ExperimentOptions {
  experiment: string;
  job: string;
}

/** One job of a sweep; `l2p sweep --parallel N` runs these in worker processes. */
export const jobCommand: CommandModule<GlobalOptions, JobArgs> = {
  command: 'job <experiment> <job>',
  describe: 'Run one job of an experiment (e.g. agent-b1-s0, or `base` to train the base model only) under its lock; used by sweep --parallel and Slurm jobs, resumable; exit 3 if another process runs it',
  builder: (yargs) =>
    withExperimentOptions(yargs)
      .positional('experiment', { type: 'string', demandOption: true })
      .positional('job', { type: 'string', demandOption: true, describe: 'agent-b<b>-s<seed>, <baseline>-b<b>-s<seed>, <reference>-s<seed>, uniform-l1-s<seed>, or base' }) as never,
  handler: async (args) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use (see info/command.ts)
    const { checkOutputDir, createLogger, createProgress } = require('@l2p/runtime') as typeof import('@l2p/runtime');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { BASE_JOB, openExperiment, parseJobId, runJobLocked } = require('@l2p/experiments') as typeof import('@l2p/experiments');
    // `base`: opening the experiment trains (or waits for, or reuses) the base model under its lock; nothing else.
    const spec = args.job === BASE_JOB ? undefined : parseJobId(args.job);
    checkOutputDir(args.runsDir, '--runs-dir');
    const logger = createLogger(args.logLevel);
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
    if (!spec) {
      logger.info(`job ${args.job}: done (${ctx.base.info.variant}, test ${ctx.base.info.testMetric.toFixed(2)})`);
      return;
    }
    const outcome = await runJobLocked(ctx, spec);
    logger.info(`job ${args.job}: ${outcome}`);
  },
};
