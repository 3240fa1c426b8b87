import * as fs from 'fs';
import * as path from 'path';
import { readJson, writeJsonAtomic } from '@l2p/runtime';

/** The Slurm side of a run directory: scripts, logs, the experiment file given to the jobs, and this record. */
export const SLURM_DIR = '.slurm';
/** The base model's job: not a job id of the codec (it trains the model every job prunes). */
export const BASE_JOB = 'base';

export interface Submission {
  schedulerId: number;
  script: string;
  /** The log file, with Slurm's `%j` filled in. */
  log: string;
  submittedAt: string;
  dependency?: string;
}

/** Every submission of every job of an experiment, oldest first: what `sweep status` and a re-run read. */
export interface SubmissionRecord {
  jobs: Record<string, Submission[]>;
}

export function slurmDir(expDir: string): string {
  return path.join(expDir, SLURM_DIR);
}

function recordFile(expDir: string): string {
  return path.join(slurmDir(expDir), 'submissions.json');
}

export function readSubmissions(expDir: string): SubmissionRecord {
  const file = recordFile(expDir);
  return fs.existsSync(file) ? readJson<SubmissionRecord>(file) : { jobs: {} };
}

/** Written after every sbatch, atomically: a crash never loses a job id Slurm has already accepted (but one). */
export function writeSubmissions(expDir: string, record: SubmissionRecord): void {
  writeJsonAtomic(recordFile(expDir), record);
}

export function lastSubmission(record: SubmissionRecord, job: string): Submission | undefined {
  const list = record.jobs[job];
  return list?.[list.length - 1];
}
