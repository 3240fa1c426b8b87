import * as fs from 'fs';
import * as path from 'path';
import { ensureDir, writeFileAtomic } from '@l2p/runtime';
import { JobSpec, jobId, jobSpecArgs, prerequisitesOf } from '../../jobs/jobs';
import { isBaseReady } from '../../jobs/run-locks';
import { checkExperimentDir } from '../../run/open-experiment';
import { isJobDone, jobDir } from '../../run/run-job';
import type { JobFailure, SweepExecutor, SweepOutcome, SweepRequest } from '../executor';
import { sbatchScript } from './sbatch-script';
import { LIVE_STATES, SchedulerJob, SlurmClient, slurmCli } from './slurm-client';
import { BASE_JOB, lastSubmission, readSubmissions, slurmDir, SubmissionRecord, writeSubmissions } from './submissions';

/** The experiment file as the jobs read it: a copy in the run directory, made at submission. */
export const EXPERIMENT_COPY = 'experiment.json';

/** The scheduler's record of the last submission of `job`, when it is still queued or running. */
function liveJob(record: SubmissionRecord, job: string, queue: Map<number, SchedulerJob>): SchedulerJob | undefined {
  const last = lastSubmission(record, job);
  const seen = last ? queue.get(last.schedulerId) : undefined;
  return seen && LIVE_STATES.has(seen.state) ? seen : undefined;
}

/**
 * Writes one sbatch script per unfinished job into `<run dir>/.slurm/` and submits the job graph with Slurm's own
 * dependencies: the base model first; each agent job `afterok` on it; each baseline `afterok` on the agent job of
 * its (b, seed). A failed or cancelled prerequisite cancels its dependents (--kill-on-invalid-dep=yes). Finished
 * jobs, and jobs still queued or running from an earlier submission, are not submitted again.
 */
export function submitSweep(request: SweepRequest, client: SlurmClient): Extract<SweepOutcome, { kind: 'submitted' }> {
  const { expDir } = request;
  const dir = slurmDir(expDir);
  ensureDir(dir);
  // The jobs read this copy, so editing or moving the user's file after submission changes nothing queued.
  const experimentCopy = path.join(dir, EXPERIMENT_COPY);
  writeFileAtomic(experimentCopy, fs.readFileSync(request.experimentFile, 'utf8'));
  const record = readSubmissions(expDir);
  const queue = client.jobs();
  const outcome: Extract<SweepOutcome, { kind: 'submitted' }> = { kind: 'submitted', skipped: [], submitted: [], queued: [] };
  /** The scheduler id each unfinished job is (or will be) run under in this graph. */
  const scheduled = new Map<string, number>();

  const submit = (job: string, args: string[], after: number[]): void => {
    const live = liveJob(record, job, queue);
    if (live) {
      scheduled.set(job, live.id);
      outcome.queued.push({ job, schedulerId: live.id });
      return;
    }
    const script = path.join(dir, `${job}.sbatch`);
    const text = sbatchScript(
      {
        name: `l2p:${path.basename(expDir)}:${job}`,
        log: path.join(dir, `${job}-%j.out`),
        cwd: process.cwd(),
        argv: [...request.l2pCommand, 'job', experimentCopy, ...args, ...jobArgs],
      },
      request.slurm,
    );
    writeFileAtomic(script, text);
    const dependency = after.length > 0 ? `afterok:${after.join(':')}` : undefined;
    const id = client.submit(script, dependency);
    (record.jobs[job] ??= []).push({ schedulerId: id, script, log: path.join(dir, `${job}-${id}.out`), submittedAt: new Date().toISOString(), dependency });
    writeSubmissions(expDir, record);
    scheduled.set(job, id);
    outcome.submitted.push({ job, schedulerId: id });
    request.logger.info(`slurm: ${job} submitted as job ${id}${dependency ? ` (${dependency})` : ''}`);
  };

  const jobArgs = [
    ...['--configuration', request.configuration, '--runs-dir', request.runsRoot, '--backend', request.backend, '--engine', request.engine],
    ...(request.threads !== undefined ? ['--threads', String(request.threads)] : []),
    ...['--log-level', request.logLevel],
  ];
  const baseNeeded = !isBaseReady(request.config, expDir);
  if (baseNeeded) submit(BASE_JOB, [BASE_JOB], []);
  for (const spec of request.jobs) {
    const id = jobId(spec);
    if (isJobDone(jobDir({ expDir }, spec))) {
      outcome.skipped.push(id);
      continue;
    }
    const after = [
      ...(baseNeeded ? [scheduled.get(BASE_JOB) as number] : []),
      ...prerequisitesOf(spec)
        .filter((p) => !isJobDone(jobDir({ expDir }, p)))
        .map((p) => scheduled.get(jobId(p)))
        .filter((n): n is number => n !== undefined),
    ];
    // The job as data (JSON, single-quoted by the script); its id is only the name of its script, log and record.
    submit(id, jobSpecArgs(spec), after);
  }
  return outcome;
}

/** Every tracked job's scheduler state, when the controller still knows it. */
function trackedStates(ids: Map<string, number>, client: SlurmClient): Map<string, SchedulerJob | undefined> {
  const queue = client.jobs();
  return new Map([...ids].map(([job, id]) => [job, queue.get(id)]));
}

/** Waits until none of the submitted or queued jobs is live any more, showing progress over the sweep's jobs. */
async function waitForJobs(request: SweepRequest, submission: Extract<SweepOutcome, { kind: 'submitted' }>, client: SlurmClient): Promise<SweepOutcome> {
  const ids = new Map([...submission.submitted, ...submission.queued].map((s) => [s.job, s.schedulerId]));
  const todo = request.jobs.filter((s) => !isJobDone(jobDir(request, s)));
  const task = request.progress.start('slurm jobs', todo.length, 'job');
  let finished = 0;
  const done = (spec: JobSpec): boolean => isJobDone(jobDir(request, spec));
  for (;;) {
    const states = trackedStates(ids, client);
    const now = todo.filter(done).length;
    if (now > finished) task.tick(now - finished);
    finished = now;
    const live = [...states.values()].filter((s) => s && LIVE_STATES.has(s.state));
    const running = live.filter((s) => s?.state === 'RUNNING').length;
    task.status(`${running} running, ${live.length - running} queued`);
    if (live.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, request.slurm.pollMs ?? 5000));
  }
  const states = trackedStates(ids, client);
  const failed: JobFailure[] = [];
  const ran: string[] = [];
  for (const spec of todo) {
    const id = jobId(spec);
    if (done(spec)) {
      ran.push(id);
      continue;
    }
    const s = states.get(id);
    const base = states.get(BASE_JOB);
    const why = s ? `${s.state}${s.reason && s.reason !== 'None' ? ` (${s.reason})` : ''}` : 'not finished and no longer known to the scheduler';
    const error = `slurm job ${ids.get(id) ?? '?'}: ${why}${base && base.state !== 'COMPLETED' ? `; base model job ${base.id}: ${base.state}` : ''}`;
    request.logger.error(`job ${id} failed: ${error}`);
    failed.push({ job: id, error });
  }
  task.done(`${ran.length} done, ${failed.length} not`);
  return { kind: 'finished', ran, skipped: submission.skipped, finishedElsewhere: [], failed };
}

/** The Slurm executor with a given client (the real commands, or a test's). */
export function slurmExecutorWith(client: SlurmClient): SweepExecutor {
  return {
    name: 'slurm',
    description: 'a Slurm cluster: one batch job per job, submitted with dependencies (the run directory must be on storage every node sees)',
    async execute(request) {
      const dir = checkExperimentDir(request.config, request.configuration, request.runsRoot, request.fresh);
      dir.record();
      const submission = submitSweep(request, client);
      return request.slurm.wait ? waitForJobs(request, submission, client) : submission;
    },
  };
}

export const slurmExecutor = slurmExecutorWith(slurmCli);
