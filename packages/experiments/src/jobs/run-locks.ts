import * as fs from 'fs';
import * as path from 'path';
import { acquireLock, ConfigError, describeLockOwner, ExclusiveLock, LockHeldError, liveLocks, Logger, ProgressSink, readJson, tryAcquireLock } from '@l2p/runtime';
import { BaseModel, BaseModelInfo, baseKey, ensureBaseModel } from '../run/base-model';
import { ExperimentConfig } from '../config/config-schema';
import { ExperimentContext } from '../run/context';
import { ExperimentData } from '../run/data-sources';
import { JobSpec, jobId } from './jobs';
import { runJob } from '../run/run-job';

/**
 * One writer per run: a job, and an experiment's base model, is run by whoever holds its lock, in
 * `runs/<experiment>/.locks/` (packages/runtime exclusive-lock.ts: pid + host + start time, stale locks of dead
 * processes taken over). The lock is taken by the process that does the work — the sweep itself, a
 * `l2p job` worker, or (later) a job on a Slurm node — so a second sweep on the same runs directory neither runs a
 * job twice nor deletes a checkpoint another process reads.
 */

export const LOCKS_DIR = '.locks';

export function jobLockFile(expDir: string, spec: JobSpec): string {
  return path.join(expDir, LOCKS_DIR, `${jobId(spec)}.lock`);
}

export function baseLockFile(expDir: string): string {
  return path.join(expDir, LOCKS_DIR, 'base.lock');
}

/** Runs a job under its lock. Throws LockHeldError (exit code 3 at the CLI) when a live process holds it. */
export async function runJobLocked(ctx: ExperimentContext, spec: JobSpec): Promise<'done' | 'skipped'> {
  const file = jobLockFile(ctx.expDir, spec);
  const attempt = tryAcquireLock(file, { purpose: `job ${jobId(spec)}` });
  if (!attempt.acquired) throw new LockHeldError(file, attempt.owner, `job ${jobId(spec)}`);
  try {
    return await runJob(ctx, spec);
  } finally {
    attempt.lock.release();
  }
}

/** Whether the base model of this config is trained and saved (base/base.json carries its recipe key). */
export function isBaseReady(config: ExperimentConfig, expDir: string): boolean {
  const info = path.join(expDir, 'base', 'base.json');
  return fs.existsSync(info) && readJson<BaseModelInfo>(info).key === baseKey(config);
}

/**
 * The base model, trained by one process at a time: a finished one is loaded without the lock (it is written
 * once and then only read); otherwise this waits for whoever is training it, then reuses or trains it.
 */
export async function ensureBaseModelLocked(config: ExperimentConfig, data: ExperimentData, expDir: string, progress: ProgressSink, logger: Logger): Promise<BaseModel> {
  if (isBaseReady(config, expDir)) return ensureBaseModel(config, data, expDir, progress, logger);
  const lock = await acquireLock(baseLockFile(expDir), {
    purpose: 'base model',
    onWait: (owner) => logger.info(`base model: being trained by ${describeLockOwner(owner)}; waiting for it`),
  });
  try {
    return await ensureBaseModel(config, data, expDir, progress, logger);
  } finally {
    lock.release();
  }
}

/**
 * Marks the experiment as in use by this sweep for as long as it runs (between its jobs it holds no job lock),
 * so another sweep's `--fresh` does not delete results under it. The name is this process's own, so sweeps never
 * wait for each other here.
 */
export function registerSweep(expDir: string): ExclusiveLock {
  const attempt = tryAcquireLock(path.join(expDir, LOCKS_DIR, `sweep-${process.pid}.lock`), { purpose: 'sweep' });
  if (!attempt.acquired) throw new LockHeldError(path.join(expDir, LOCKS_DIR), attempt.owner, `sweep of ${expDir}`);
  return attempt.lock;
}

/** `--fresh` deletes an experiment's results: refused while a live process holds one of its locks. */
export function assertNoLiveLocks(expDir: string): void {
  const live = liveLocks(path.join(expDir, LOCKS_DIR));
  if (live.length > 0) {
    const { owner, file } = live[0];
    throw new ConfigError(
      `--fresh: ${expDir} is in use (${path.basename(file, '.lock')} by ${describeLockOwner(owner)}${live.length > 1 ? `, and ${live.length - 1} more` : ''}); stop it first or choose another --runs-dir`,
    );
  }
}
