import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as readline from 'readline';
import { readArrowFile, RESULT_FILES, SUMMARY_ROWS, SummaryRow, UNIFORM_ROWS, writeArrowFile } from '@l2p/pruning';
import { EXIT_BUSY, L2pError } from '@l2p/runtime';
import { ExperimentContext } from '../run/context';
import { JobSpec, jobId, jobSpecArgs, prerequisitesOf } from '../jobs/jobs';
import { JobBusyError, runQueue } from '../jobs/job-queue';
import { isJobDone, jobDir } from '../run/run-job';
import { jobLockFile, runJobLocked } from '../jobs/run-locks';

export interface SweepOptions {
  /** The experiment's JSON file, absolute: workers are given the file, never a name to look up again. */
  experiment: string;
  /** Every job of the sweep (planJobs), finished or not. */
  jobs: JobSpec[];
  /** Worker processes; 1 runs every job in this process. */
  parallel: number;
  /** argv prefix that starts `l2p` (for workers). */
  l2pCommand: string[];
  /** Options every worker gets (backend, configuration, runs dir). */
  workerArgs: string[];
}

export interface SweepResult {
  ran: string[];
  skipped: string[];
  /** Jobs another process (a second sweep on the same runs directory) ran while this one waited. */
  finishedElsewhere: string[];
  failed: { job: string; error: string }[];
}

/** The argv of the worker that runs `spec`: `l2p job` given the job as data (its id is only its name). */
export function workerArgv(options: Pick<SweepOptions, 'experiment' | 'l2pCommand' | 'workerArgs'>, spec: JobSpec): string[] {
  return [...options.l2pCommand, 'job', options.experiment, ...jobSpecArgs(spec), ...options.workerArgs];
}

/** Runs `l2p job` in a child process, prefixing its output lines with the job id. */
function runWorker(options: SweepOptions, spec: JobSpec): Promise<'done' | 'skipped'> {
  const id = jobId(spec);
  const [command, ...args] = workerArgv(options, spec);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    const tail: string[] = [];
    let outcome: 'done' | 'skipped' = 'done';
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        // `l2p job` ends with "job <id>: done" or "job <id>: skipped" (finished before it started).
        if (line === `job ${id}: skipped`) outcome = 'skipped';
        process.stderr.write(`[${id}] ${line}\n`);
        tail.push(line);
        if (tail.length > 20) tail.shift();
      });
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(outcome);
      else if (code === EXIT_BUSY) reject(new JobBusyError(`job ${id} is locked by another process`));
      else reject(new L2pError(`job ${id} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}: ${tail.filter((l) => l.startsWith('error')).join(' ') || tail.slice(-3).join(' ')}`));
    });
  });
}

/**
 * A budget sweep on this machine: one job per (b, seed, method), sharing the base model. Finished jobs are skipped;
 * a killed one resumes from its last layer checkpoint. The summary (mergeSummaries) is the union of finished jobs.
 */
export async function runSweep(ctx: ExperimentContext, options: SweepOptions): Promise<SweepResult> {
  const all = options.jobs;
  const ran: string[] = [];
  const skipped = all.filter((s) => isJobDone(jobDir(ctx, s))).map(jobId);
  const failed: { job: string; error: string }[] = [];
  ctx.logger.info(`sweep: ${all.length} jobs (${skipped.length} already done), ${options.parallel} at a time`);
  const finishedElsewhere: string[] = [];
  // One queue over every wave: a baseline starts as soon as the agent job of its (b, seed) is done, not when the
  // whole first wave is.
  const todo = all.filter((s) => !isJobDone(jobDir(ctx, s)));
  // One writer per job: a job another sweep is running is left to it (job-queue.ts, run-locks.ts).
  const outcome = await runQueue(todo, {
    limit: options.parallel,
    id: jobId,
    lockFile: (spec) => jobLockFile(ctx.expDir, spec),
    isDone: (spec) => isJobDone(jobDir(ctx, spec)),
    prerequisites: prerequisitesOf,
    logger: ctx.logger,
    run: async (spec) => {
      const id = jobId(spec);
      ctx.logger.info(`job ${id}: start`);
      const result = options.parallel > 1 ? await runWorker(options, spec) : await runJobLocked(ctx, spec);
      if (result === 'done') ctx.logger.info(`job ${id}: done`);
      return result;
    },
  });
  ran.push(...outcome.ran.map(jobId));
  finishedElsewhere.push(...outcome.finishedElsewhere.map(jobId));
  for (const f of outcome.failures) {
    const message = f.error instanceof Error ? f.error.message : String(f.error);
    failed.push({ job: jobId(f.item), error: message });
    ctx.logger.error(`job ${jobId(f.item)} failed: ${message}`);
  }
  return { ran, skipped, finishedElsewhere, failed };
}

/** Writes runs/<experiment>/summary.arrow from every finished job, and lifts uniform.arrow beside it. */
export function mergeSummaries(ctx: Pick<ExperimentContext, 'expDir'>): { file: string; rows: SummaryRow[] } {
  const rows: SummaryRow[] = [];
  const uniform = [];
  for (const name of fs.readdirSync(ctx.expDir).sort()) {
    const dir = path.join(ctx.expDir, name);
    if (!isJobDone(dir)) continue;
    const summary = path.join(dir, 'summary.arrow');
    if (fs.existsSync(summary)) rows.push(...readArrowFile(summary, SUMMARY_ROWS, RESULT_FILES.summary)); // an older job's file reads too
    const u = path.join(dir, 'uniform.arrow');
    if (fs.existsSync(u)) uniform.push(...readArrowFile(u, UNIFORM_ROWS));
  }
  const file = path.join(ctx.expDir, 'summary.arrow');
  writeArrowFile(file, SUMMARY_ROWS, rows);
  if (uniform.length > 0) writeArrowFile(path.join(ctx.expDir, 'uniform.arrow'), UNIFORM_ROWS, uniform);
  return { file, rows };
}
