import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as readline from 'readline';
import { readArrowFile, SUMMARY_ROWS, SummaryRow, UNIFORM_ROWS, writeArrowFile } from '@l2p/pruning';
import { L2pError } from '@l2p/runtime';
import { ExperimentContext } from './context';
import { JobSpec, jobId, planJobs, SweepSelection } from './jobs';
import { isJobDone, jobDir, runJob } from './run-job';

export interface SweepOptions extends SweepSelection {
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
  failed: { job: string; error: string }[];
  summaryFile: string;
  summaryRows: SummaryRow[];
}

/** Runs `l2p job` in a child process, prefixing its output lines with the job id. */
function runWorker(options: SweepOptions, ctx: ExperimentContext, spec: JobSpec): Promise<void> {
  const id = jobId(spec);
  return new Promise((resolve, reject) => {
    const child = spawn(options.l2pCommand[0], [...options.l2pCommand.slice(1), 'job', ctx.config.name, id, ...options.workerArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    const tail: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        process.stderr.write(`[${id}] ${line}\n`);
        tail.push(line);
        if (tail.length > 20) tail.shift();
      });
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new L2pError(`job ${id} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}: ${tail.filter((l) => l.startsWith('error')).join(' ') || tail.slice(-3).join(' ')}`));
    });
  });
}

/** Runs jobs with at most `limit` at once; every job runs even if some fail. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<{ item: T; error: unknown }[]> {
  const failures: { item: T; error: unknown }[] = [];
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        failures.push({ item, error });
      }
    }
  });
  await Promise.all(lanes);
  return failures;
}

/**
 * A budget sweep: one job per (b, seed, method), sharing the base model. Finished jobs are skipped; a killed one
 * resumes from its last layer checkpoint; the summary is the union of finished jobs.
 */
export async function runSweep(ctx: ExperimentContext, options: SweepOptions): Promise<SweepResult> {
  const waves = planJobs(ctx.config, options);
  const all = waves.flat();
  const ran: string[] = [];
  const skipped = all.filter((s) => isJobDone(jobDir(ctx, s))).map(jobId);
  const failed: { job: string; error: string }[] = [];
  ctx.logger.info(`sweep: ${all.length} jobs (${skipped.length} already done), ${options.parallel} at a time`);
  for (const wave of waves) {
    const todo = wave.filter((s) => !isJobDone(jobDir(ctx, s)));
    const failures = await pool(todo, options.parallel, async (spec) => {
      const id = jobId(spec);
      ctx.logger.info(`job ${id}: start`);
      if (options.parallel > 1) await runWorker(options, ctx, spec);
      else await runJob(ctx, spec);
      ran.push(id);
      ctx.logger.info(`job ${id}: done`);
    });
    for (const f of failures) {
      const message = f.error instanceof Error ? f.error.message : String(f.error);
      failed.push({ job: jobId(f.item), error: message });
      ctx.logger.error(`job ${jobId(f.item)} failed: ${message}`);
    }
  }
  const { file, rows } = mergeSummaries(ctx);
  return { ran, skipped, failed, summaryFile: file, summaryRows: rows };
}

/** Writes runs/<experiment>/summary.arrow from every finished job, and lifts uniform.arrow beside it. */
export function mergeSummaries(ctx: Pick<ExperimentContext, 'expDir'>): { file: string; rows: SummaryRow[] } {
  const rows: SummaryRow[] = [];
  const uniform = [];
  for (const name of fs.readdirSync(ctx.expDir).sort()) {
    const dir = path.join(ctx.expDir, name);
    if (!isJobDone(dir)) continue;
    const summary = path.join(dir, 'summary.arrow');
    if (fs.existsSync(summary)) rows.push(...readArrowFile(summary, SUMMARY_ROWS));
    const u = path.join(dir, 'uniform.arrow');
    if (fs.existsSync(u)) uniform.push(...readArrowFile(u, UNIFORM_ROWS));
  }
  const file = path.join(ctx.expDir, 'summary.arrow');
  writeArrowFile(file, SUMMARY_ROWS, rows);
  if (uniform.length > 0) writeArrowFile(path.join(ctx.expDir, 'uniform.arrow'), UNIFORM_ROWS, uniform);
  return { file, rows };
}
