import type { SlurmOptions } from '../executor';

/** A word for bash, single-quoted unless it is plainly safe. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface BatchScript {
  /** Slurm's job name, e.g. `l2p:demo-smoke:agent-b1-s0` (squeue shows it). */
  name: string;
  /** The job's log; `%j` is Slurm's job id, so a resubmitted job's log sits beside the first one's. */
  log: string;
  /** Where the job starts (the submitting directory: relative paths in the experiment mean the same there). */
  cwd: string;
  /** The command the job runs. */
  argv: string[];
}

/**
 * The text of one sbatch script. Everything the job needs is on its command line (the experiment file, the
 * configuration, the runs directory, backend and engine), so a node looks nothing up by name.
 */
export function sbatchScript(job: BatchScript, options: SlurmOptions): string {
  const directives = [
    `--job-name=${job.name}`,
    `--output=${job.log}`,
    `--chdir=${job.cwd}`,
    '--nodes=1',
    '--ntasks=1',
    ...(options.cpus !== undefined ? [`--cpus-per-task=${options.cpus}`] : []),
    ...(options.partition !== undefined ? [`--partition=${options.partition}`] : []),
    ...(options.time !== undefined ? [`--time=${options.time}`] : []),
    ...(options.gres !== undefined ? [`--gres=${options.gres}`] : []),
    // A job whose prerequisite failed or was cancelled is cancelled, not left pending forever.
    '--kill-on-invalid-dep=yes',
  ];
  return [
    '#!/bin/bash',
    ...directives.map((d) => `#SBATCH ${shellWord(d)}`),
    '# Written by `l2p sweep --executor slurm`. The job runs under its lock in the run directory (a job is never run',
    '# twice at once) and resumes from its last layer checkpoint if an earlier attempt was cancelled or preempted.',
    'set -euo pipefail',
    `exec ${job.argv.map(shellWord).join(' ')}`,
    '',
  ].join('\n');
}
