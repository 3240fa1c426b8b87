import type { BackendPreference, EnginePreference, Logger, ProgressSink } from '@l2p/runtime';
import type { ConfigurationName } from '../config/configuration-names';
import type { ExperimentConfig } from '../config/config-schema';
import type { JobSpec } from '../jobs/jobs';
import type { BaseModelInfo } from '../run/base-model';

/** Slurm settings of `l2p sweep --executor slurm` (each undefined = the cluster's default). */
export interface SlurmOptions {
  partition?: string;
  /** Wall-time limit per job, in Slurm's format (`4:00:00`, `1-00:00:00`). */
  time?: string;
  /** Generic resources per job, e.g. `gpu:1`. */
  gres?: string;
  /** CPUs per job (`--cpus-per-task`); onnxruntime uses as many threads (SLURM_CPUS_PER_TASK). */
  cpus?: number;
  /** Wait until every job has ended, with progress, instead of returning the job ids. */
  wait: boolean;
  /** How often `wait` looks at the queue and the run directory. Default 5 s. */
  pollMs?: number;
}

/** One sweep, as every executor is given it. */
export interface SweepRequest {
  config: ExperimentConfig;
  /** The experiment as the user named it (a name under experiments/configs, or a JSON file). */
  experiment: string;
  /** The experiment's JSON file, absolute: what every job process is given (never a name to look up again). */
  experimentFile: string;
  configuration: ConfigurationName;
  /** runs/, absolute. */
  runsRoot: string;
  /** runs/<experiment>/, absolute. */
  expDir: string;
  /** Every job of the sweep, finished or not, in plan order (agents before the baselines that need them). */
  jobs: JobSpec[];
  backend: BackendPreference;
  engine: EnginePreference;
  /** onnxruntime threads per job; undefined = the cores each job has. */
  threads?: number;
  logLevel: string;
  /** Delete earlier results first. */
  fresh: boolean;
  /** argv prefix that starts `l2p` (worker processes, batch scripts). */
  l2pCommand: string[];
  /** Local: jobs at once, each in its own process when > 1. */
  parallel: number;
  slurm: SlurmOptions;
  progress: ProgressSink;
  logger: Logger;
}

export interface JobFailure {
  job: string;
  error: string;
}

/** What an executor did: ran every job to its end (local, or Slurm with --wait), or submitted them. */
export type SweepOutcome =
  | {
      kind: 'finished';
      ran: string[];
      skipped: string[];
      /** Jobs another process (a second sweep on the same runs directory) ran while this one waited. */
      finishedElsewhere: string[];
      failed: JobFailure[];
      /** The base model, when this process opened it. */
      base?: BaseModelInfo;
    }
  | {
      kind: 'submitted';
      skipped: string[];
      /** Jobs submitted now, with their scheduler ids. */
      submitted: { job: string; schedulerId: number }[];
      /** Unfinished jobs left alone because they are still queued or running from an earlier submission. */
      queued: { job: string; schedulerId: number }[];
    };

/**
 * Runs a sweep's jobs somewhere. One record per executor, listed once in `EXECUTORS` (registry.ts); `--executor`
 * choices come from that list. Every executor runs each job through `l2p job` (or in-process), which takes the
 * job's lock, so a job is never run twice at once whoever runs it.
 */
export interface SweepExecutor {
  readonly name: string;
  readonly description: string;
  execute(request: SweepRequest): Promise<SweepOutcome>;
}
