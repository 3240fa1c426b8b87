import * as path from 'path';
import { checkOutputDir, createLogger, createProgress, jobCores, L2pError } from '@l2p/runtime';
import { JobLists, parseJobLists } from '../../experiments/job-lists';
import { planJobs } from '../../experiments/jobs';
import { ExperimentContext } from '../../experiments/context';
import { experimentFile, loadExperimentConfig } from '../../experiments/load-config';
import { openExperiment } from '../../experiments/open-experiment';
import { registerSweep } from '../../experiments/run-locks';
import { formatSummaryTable } from '../../experiments/summary-table';
import { runSweep } from '../../experiments/sweep';
import { generateExperimentReport } from '../report/report';
import { SweepArgs } from './command';

const LIST_FLAGS = { budgets: '--b', seeds: '--seeds', methods: '--methods' };

/** `l2p sweep`: returns the exit code (1 when any job failed; the others still ran). */
export async function sweep(args: SweepArgs): Promise<number> {
  // Everything the user typed is checked before any work (no base model is trained for a bad --b).
  const selection = parseJobLists({ budgets: args.b, seeds: args.seeds, methods: args.methods }, LIST_FLAGS);
  checkOutputDir(args.runsDir, '--runs-dir');
  if (args.report) checkOutputDir(args.reportsDir, '--reports-dir');
  planJobs(loadExperimentConfig(args.experiment, args.configuration), selection);
  const logger = createLogger(args.logLevel);
  const progress = createProgress();
  const started = Date.now();
  const ctx = await openExperiment({
    experiment: args.experiment,
    configuration: args.configuration,
    runsRoot: args.runsDir,
    backend: args.backend,
    engine: args.engine,
    threads: args.threads,
    fresh: args.fresh,
    progress,
    logger,
  });
  // Marks the experiment as in use until this sweep ends, so another sweep's --fresh cannot delete it.
  const presence = registerSweep(ctx.expDir);
  try {
    return await runAndReport(args, ctx, selection, started);
  } finally {
    presence.release();
  }
}

async function runAndReport(args: SweepArgs, ctx: ExperimentContext, selection: JobLists, started: number): Promise<number> {
  // N workers share the job's cores: each gets cores/N onnxruntime threads (at least one).
  const workerThreads = Math.max(1, Math.floor((args.threads ?? jobCores()) / args.parallel));
  const workerArgs = [
    ...['--configuration', args.configuration, '--runs-dir', ctx.runsRoot, '--backend', ctx.backend.name],
    ...['--engine', ctx.engine.name, '--threads', String(workerThreads), '--log-level', args.logLevel],
  ];
  const result = await runSweep(ctx, {
    // Workers get the file itself: a user's own experiment file is not under experiments/configs.
    experiment: experimentFile(args.experiment),
    ...selection,
    parallel: args.parallel,
    l2pCommand: [process.execPath, path.join(__dirname, '..', '..', '..', 'bin', 'l2p.js')],
    workerArgs,
  });
  process.stdout.write(`\n${ctx.experiment}: ${ctx.base.info.variant}; base test ${ctx.base.info.testMetric.toFixed(2)}\n`);
  process.stdout.write(formatSummaryTable(result.summaryRows));
  process.stdout.write(`summary: ${result.summaryFile}\n`);
  if (args.report) {
    const out = path.resolve(args.reportsDir, ctx.experiment);
    const index = await generateExperimentReport(ctx.expDir, out);
    process.stdout.write(`report: ${index}\n`);
  }
  const elsewhere = result.finishedElsewhere.length > 0 ? `, ${result.finishedElsewhere.length} run by another process` : '';
  process.stdout.write(`ran ${result.ran.length} jobs, skipped ${result.skipped.length} finished ones, ${result.failed.length} failed${elsewhere}, in ${((Date.now() - started) / 60000).toFixed(1)} min\n`);
  if (result.failed.length > 0) {
    throw new L2pError(`${result.failed.length} job(s) failed: ${result.failed.map((f) => f.job).join(', ')}`, 'Re-run the same command to retry them; finished jobs are kept.');
  }
  return 0;
}
