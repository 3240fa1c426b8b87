import * as fs from 'fs';
import * as path from 'path';
import { checkOutputDir, checkOwnedOutputDir, createLogger, createProgress, L2pError, readJson } from '@l2p/runtime';
import { REPORTS_ROOT } from '@l2p/report';
import { runDirOwner } from '../../run-dir-owner';
import {
  BaseModelInfo,
  EXECUTORS,
  experimentDirName,
  experimentFile,
  formatSummaryTable,
  loadExperimentConfig,
  mergeSummaries,
  planJobs,
  SweepOutcome,
} from '@l2p/experiments';
import { generateExperimentReport } from '../report/report';
import { SweepArgs } from './command';
import { DEFAULT_REPORTS_DIR, DEFAULT_RUNS_DIR } from '../../experiment-options';
import { jobSelectionOf } from '../../job-options';

/** `l2p sweep`: returns the exit code (1 when any job failed; the others still ran). */
/**
 * Reports go to --reports-dir; without it to reports/ for the default runs root, else beside the runs in
 * <runs-dir>/reports: a sweep into a scratch runs directory must not overwrite the report of the main one.
 */
export function reportsDirOf(args: Pick<SweepArgs, 'reportsDir' | 'runsDir'>): string {
  if (args.reportsDir !== undefined) return args.reportsDir;
  return path.resolve(args.runsDir) === path.resolve(DEFAULT_RUNS_DIR) ? DEFAULT_REPORTS_DIR : path.join(args.runsDir, 'reports');
}

export async function sweep(args: SweepArgs): Promise<number> {
  // Everything the user typed is checked before any work (no base model is trained for a bad --b).
  const selection = jobSelectionOf(args);
  checkOutputDir(args.runsDir, '--runs-dir');
  const reportsDir = reportsDirOf(args);
  // The report replaces <reports-dir>/<experiment>/ and <reports-dir>/index.html: refused now, not after the sweep, if they are the user's.
  if (args.report) checkOwnedOutputDir(reportsDir, '--reports-dir', REPORTS_ROOT);
  const config = loadExperimentConfig(args.experiment, args.configuration);
  const jobs = planJobs(config, selection).flat();
  const executor = EXECUTORS.get(args.executor);
  const logger = createLogger(args.logLevel);
  const started = Date.now();
  const runsRoot = path.resolve(args.runsDir);
  const expDir = path.join(runsRoot, experimentDirName(config.name, args.configuration));
  // The sweep writes runs/<experiment>/ (and --fresh deletes it): refused now if it holds anything of the user's.
  checkOwnedOutputDir(expDir, '--runs-dir', runDirOwner('l2p sweep'));
  const outcome = await executor.execute({
    config,
    experiment: args.experiment,
    // Every job process is given the file itself: a user's own experiment file is not under experiments/configs.
    experimentFile: experimentFile(args.experiment),
    configuration: args.configuration,
    runsRoot,
    expDir,
    jobs,
    backend: args.backend,
    engine: args.engine,
    threads: args.threads,
    logLevel: args.logLevel,
    fresh: args.fresh,
    l2pCommand: [process.execPath, path.join(__dirname, '..', '..', '..', 'bin', 'l2p.js')],
    parallel: args.parallel,
    slurm: { partition: args.slurmPartition, time: args.slurmTime, gres: args.slurmGres, cpus: args.slurmCpus, wait: args.wait },
    progress: createProgress(),
    logger,
  });
  if (outcome.kind === 'submitted') return printSubmission(args, expDir, outcome);
  return finish(args, expDir, outcome, started);
}

function printSubmission(args: SweepArgs, expDir: string, outcome: Extract<SweepOutcome, { kind: 'submitted' }>): number {
  for (const s of outcome.submitted) process.stdout.write(`${s.job}\t${s.schedulerId}\tsubmitted\n`);
  for (const s of outcome.queued) process.stdout.write(`${s.job}\t${s.schedulerId}\talready queued\n`);
  const watch = ['l2p sweep status', args.experiment, '-c', args.configuration, '--runs-dir', args.runsDir].join(' ');
  process.stdout.write(
    `submitted ${outcome.submitted.length} jobs, ${outcome.queued.length} already queued, skipped ${outcome.skipped.length} finished ones; scripts and logs in ${path.join(expDir, '.slurm')}\n` +
      `watch: ${watch}; re-run this command (or add --wait) for the summary and report once they are done\n`,
  );
  return 0;
}

async function finish(args: SweepArgs, expDir: string, result: Extract<SweepOutcome, { kind: 'finished' }>, started: number): Promise<number> {
  const baseFile = path.join(expDir, 'base', 'base.json');
  const base = result.base ?? (fs.existsSync(baseFile) ? readJson<BaseModelInfo>(baseFile) : undefined);
  const summary = mergeSummaries({ expDir });
  if (base) process.stdout.write(`\n${path.basename(expDir)}: ${base.variant}; base test ${base.testMetric.toFixed(2)}\n`);
  process.stdout.write(formatSummaryTable(summary.rows));
  process.stdout.write(`summary: ${summary.file}\n`);
  if (args.report) {
    const index = await generateExperimentReport(expDir, path.resolve(reportsDirOf(args), path.basename(expDir)));
    process.stdout.write(`report: ${index}\n`);
  }
  const elsewhere = result.finishedElsewhere.length > 0 ? `, ${result.finishedElsewhere.length} run by another process` : '';
  process.stdout.write(`ran ${result.ran.length} jobs, skipped ${result.skipped.length} finished ones, ${result.failed.length} failed${elsewhere}, in ${((Date.now() - started) / 60000).toFixed(1)} min\n`);
  if (result.failed.length > 0) {
    throw new L2pError(`${result.failed.length} job(s) failed: ${result.failed.map((f) => f.job).join(', ')}`, 'Re-run the same command to retry them; finished jobs are kept.');
  }
  return 0;
}
