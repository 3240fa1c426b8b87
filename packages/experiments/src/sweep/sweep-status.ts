import * as fs from 'fs';
import * as path from 'path';
import { describeLockOwner, lockHolder, readJson, RunManifest } from '@l2p/runtime';
import { JobSpec, jobId } from '../jobs/jobs';
import { baseLockFile, isBaseReady, jobLockFile } from '../jobs/run-locks';
import { ExperimentConfig } from '../config/config-schema';
import { SchedulerJob, SlurmClient } from '../executors/slurm/slurm-client';
import { BASE_JOB, lastSubmission, readSubmissions } from '../executors/slurm/submissions';

/** One job's state, from the run directory and (when it was submitted to Slurm) the scheduler. */
export interface JobStatus {
  job: string;
  /** done, running, failed, interrupted (a checkpoint to resume from), or not started. */
  run: string;
  /** Who holds the job's lock now, if anyone. */
  lockedBy?: string;
  /** The last Slurm submission: its id and state ('ended' once the controller has forgotten the job). */
  slurm?: { id: number; state: string; reason?: string; submissions: number };
}

function runState(dir: string): string {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) return 'not started';
  const status = readJson<RunManifest>(file).status;
  if (status === 'running' && fs.existsSync(path.join(dir, 'checkpoint'))) return 'running or interrupted (has a layer checkpoint)';
  return status;
}

function slurmState(job: string, expDir: string, queue: Map<number, SchedulerJob> | undefined): JobStatus['slurm'] {
  const record = readSubmissions(expDir);
  const last = lastSubmission(record, job);
  if (!last) return undefined;
  const seen = queue?.get(last.schedulerId);
  const state = seen ? seen.state : queue ? 'ended (no longer in squeue)' : 'unknown (no scheduler)';
  return { id: last.schedulerId, state, reason: seen && seen.reason !== 'None' ? seen.reason : undefined, submissions: record.jobs[job].length };
}

/**
 * Every job of a sweep (and the base model), from the run directory — manifest, checkpoint, lock — and, for jobs
 * submitted to Slurm, the scheduler (`squeue --json`; `sacct` is not used, it needs slurmdbd). Without a reachable
 * scheduler the Slurm column says so and the rest is still shown.
 */
export function sweepStatus(config: ExperimentConfig, expDir: string, jobs: readonly JobSpec[], client: SlurmClient | undefined): JobStatus[] {
  let queue: Map<number, SchedulerJob> | undefined;
  const everSubmitted = Object.keys(readSubmissions(expDir).jobs).length > 0;
  if (client && everSubmitted) {
    try {
      queue = client.jobs();
    } catch {
      queue = undefined;
    }
  }
  const holder = (file: string): string | undefined => {
    const owner = lockHolder(file);
    return owner ? describeLockOwner(owner) : undefined;
  };
  const rows: JobStatus[] = [
    { job: BASE_JOB, run: isBaseReady(config, expDir) ? 'done' : 'not trained', lockedBy: holder(baseLockFile(expDir)), slurm: slurmState(BASE_JOB, expDir, queue) },
  ];
  for (const spec of jobs) {
    const id = jobId(spec);
    rows.push({ job: id, run: runState(path.join(expDir, id)), lockedBy: holder(jobLockFile(expDir, spec)), slurm: slurmState(id, expDir, queue) });
  }
  return rows;
}

/** The status as a table for the terminal. */
export function formatSweepStatus(rows: readonly JobStatus[]): string {
  const cells = rows.map((r) => [
    r.job,
    r.run,
    r.slurm ? `${r.slurm.id} ${r.slurm.state}${r.slurm.reason ? ` (${r.slurm.reason})` : ''}${r.slurm.submissions > 1 ? `, submission ${r.slurm.submissions}` : ''}` : '-',
    r.lockedBy ?? '-',
  ]);
  const header = ['job', 'run directory', 'slurm', 'lock'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string => c.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  const done = rows.filter((r) => r.run === 'done').length;
  return `${[line(header), ...cells.map(line)].join('\n')}\n${done} of ${rows.length} done\n`;
}
