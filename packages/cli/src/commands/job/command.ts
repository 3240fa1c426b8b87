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
  describe: 'Run one job of an experiment (e.g. agent-b1-s0) under its lock; used by sweep --parallel, resumable; exit 3 if another process runs it',
  builder: (yargs) =>
    withExperimentOptions(yargs)
      .positional('experiment', { type: 'string', demandOption: true })
      .positional('job', { type: 'string', demandOption: true, describe: 'agent-b<b>-s<seed>, <baseline>-b<b>-s<seed>, li-pruned-a-s<seed>, uniform-l1-s<seed>' }) as never,
  handler: async (args) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use (see info/command.ts)
    const { checkOutputDir, createLogger, createProgress } = require('@l2p/runtime') as typeof import('@l2p/runtime');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { openExperiment } = require('../../experiments/open-experiment') as typeof import('../../experiments/open-experiment');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parseJobId } = require('../../experiments/jobs') as typeof import('../../experiments/jobs');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runJobLocked } = require('../../experiments/run-locks') as typeof import('../../experiments/run-locks');
    const spec = parseJobId(args.job);
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
    const outcome = await runJobLocked(ctx, spec);
    logger.info(`job ${args.job}: ${outcome}`);
  },
};
