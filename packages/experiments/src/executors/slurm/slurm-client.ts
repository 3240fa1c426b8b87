import { spawnSync } from 'child_process';
import { L2pError } from '@l2p/runtime';

/** Slurm did not do what was asked (a command missing, or one that failed): its own message, one line. */
export class SlurmError extends L2pError {}

/** A job as the scheduler sees it (squeue --json, OpenAPI v0.0.38 of Slurm 22.05). */
export interface SchedulerJob {
  id: number;
  name: string;
  /** PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, PREEMPTED, NODE_FAIL, OUT_OF_MEMORY, … */
  state: string;
  /** Why it waits or ended: Dependency, Resources, DependencyNeverSatisfied, NonZeroExitCode, None, … */
  reason: string;
  /** The raw wait status: exit code 3 shows as 768. */
  exitStatus: number;
}

/** States in which a job still holds or will hold a place in the queue (it may yet run). */
export const LIVE_STATES: ReadonlySet<string> = new Set(['PENDING', 'CONFIGURING', 'RUNNING', 'COMPLETING', 'SUSPENDED', 'REQUEUED', 'RESIZING', 'SIGNALING', 'STAGE_OUT']);

/**
 * The Slurm commands the executor uses, as functions, so the submission logic is tested against a real cluster
 * and the command lines in one place. `sacct` is not used: it needs slurmdbd, which many small clusters lack.
 */
export interface SlurmClient {
  /** Submits a batch script; returns the job id (`sbatch --parsable`). */
  submit(script: string, dependency: string | undefined): number;
  /** Jobs the controller still knows of (running, queued, or ended less than MinJobAge ago), by id. */
  jobs(): Map<number, SchedulerJob>;
  cancel(ids: readonly number[]): void;
}

function run(command: string, args: string[]): string {
  const res = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  if (res.error) {
    const missing = (res.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new SlurmError(`${command}: ${missing ? 'not found on PATH' : res.error.message}`, missing ? 'Run on a Slurm login node, or start the local test cluster: bash tools/slurm/local-cluster.sh start' : undefined);
  }
  if (res.status !== 0) throw new SlurmError(`${command} ${args.join(' ')} failed (exit ${res.status}): ${(res.stderr || res.stdout).trim().split('\n').pop() ?? ''}`);
  return res.stdout;
}

interface SqueueJson {
  jobs?: { job_id?: number; name?: string; job_state?: string; state_reason?: string; exit_code?: number }[];
}

/** Parses `squeue --json`; exported for tests. */
export function parseSqueueJson(text: string): Map<number, SchedulerJob> {
  const parsed = JSON.parse(text) as SqueueJson;
  const jobs = new Map<number, SchedulerJob>();
  for (const j of parsed.jobs ?? []) {
    if (typeof j.job_id !== 'number') continue;
    jobs.set(j.job_id, { id: j.job_id, name: j.name ?? '', state: j.job_state ?? 'UNKNOWN', reason: j.state_reason ?? '', exitStatus: j.exit_code ?? 0 });
  }
  return jobs;
}

export const slurmCli: SlurmClient = {
  submit(script, dependency) {
    // An invalid dependency (a prerequisite failed or was cancelled) cancels the job instead of leaving it pending.
    const args = ['--parsable', '--kill-on-invalid-dep=yes', ...(dependency ? [`--dependency=${dependency}`] : []), script];
    const out = run('sbatch', args).trim();
    const id = Number(out.split(';')[0]);
    if (!Number.isInteger(id)) throw new SlurmError(`sbatch printed '${out}', not a job id`);
    return id;
  },
  jobs: () => parseSqueueJson(run('squeue', ['--json'])),
  cancel(ids) {
    if (ids.length > 0) run('scancel', ids.map(String));
  },
};
