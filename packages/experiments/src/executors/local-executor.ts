import { jobCores } from '@l2p/runtime';
import { registerSweep } from '../jobs/run-locks';
import { openExperiment } from '../run/open-experiment';
import { runSweep } from '../sweep/sweep';
import type { SweepExecutor } from './executor';

/** Today's worker pool: the base model trained in this process, then the jobs here or in `--parallel` workers. */
export const localExecutor: SweepExecutor = {
  name: 'local',
  description: 'this machine: the jobs in this process, or in --parallel N worker processes',
  async execute(request) {
    const ctx = await openExperiment({
      experiment: request.experimentFile,
      configuration: request.configuration,
      runsRoot: request.runsRoot,
      backend: request.backend,
      engine: request.engine,
      threads: request.threads,
      fresh: request.fresh,
      progress: request.progress,
      logger: request.logger,
    });
    // Marks the experiment as in use until this sweep ends, so another sweep's --fresh cannot delete it.
    const presence = registerSweep(ctx.expDir);
    try {
      // N workers share the job's cores: each gets cores/N onnxruntime threads (at least one).
      const workerThreads = Math.max(1, Math.floor((request.threads ?? jobCores()) / request.parallel));
      const workerArgs = [
        ...['--configuration', request.configuration, '--runs-dir', ctx.runsRoot, '--backend', ctx.backend.name],
        ...['--engine', ctx.engine.name, '--threads', String(workerThreads), '--log-level', request.logLevel],
      ];
      const result = await runSweep(ctx, { experiment: request.experimentFile, jobs: request.jobs, parallel: request.parallel, l2pCommand: request.l2pCommand, workerArgs });
      return { kind: 'finished', ...result, base: ctx.base.info };
    } finally {
      presence.release();
    }
  },
};
