import { ConfigError } from '@l2p/runtime';
import { agentJobOf, decodeJobId, encodeJobId, JobSpec, readJobSpec } from '@l2p/pruning';
import { ExperimentConfig } from '../config/config-schema';
import { methodNames } from '../config/job-lists';

// The job schema and its name's codec live in the pruning package (runs/job-spec.ts, runs/job-id.ts), beside the
// registries they read, so the report's manifest reader uses them too.
export type { JobSpec };
export const jobId = encodeJobId;
/** For names only: a directory's, or a job typed by hand. A job handed from one process to another is data (jobSpecArgs). */
export const parseJobId = decodeJobId;

/** The option of `l2p job` that takes the job as data: a JobSpec as JSON. */
export const JOB_SPEC_OPTION = '--spec';

/** The arguments that give `l2p job` its job (executors: worker processes, Slurm scripts): the job itself, as JSON. */
export function jobSpecArgs(spec: JobSpec): string[] {
  return [JOB_SPEC_OPTION, JSON.stringify(spec)];
}

/** The job a `--spec` value gives, checked by the job schema; a one-line ConfigError naming the option otherwise. */
export function parseJobSpecArg(text: string): JobSpec {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${JOB_SPEC_OPTION} ${text}: not JSON (${(err as Error).message})`);
  }
  const spec = readJobSpec(value);
  if (typeof spec === 'string') throw new ConfigError(`${JOB_SPEC_OPTION} ${text}: ${spec}`);
  return spec;
}

/** The jobs that must be finished before `spec` starts: a baseline needs the agent's counts of its (b, seed). */
export function prerequisitesOf(spec: JobSpec): JobSpec[] {
  const agent = agentJobOf(spec);
  return agent ? [agent] : [];
}

export interface SweepSelection {
  budgets?: number[];
  seeds?: number[];
  methods?: string[];
}

/**
 * The jobs of a sweep, in waves: every job of a wave may run in parallel; a wave starts when the one before
 * it is finished (baselines need the agent's per-layer counts).
 */
export function planJobs(config: ExperimentConfig, selection: SweepSelection = {}): JobSpec[][] {
  const budgets = selection.budgets ?? config.budgets;
  const seeds = selection.seeds ?? config.seeds;
  const methods = selection.methods ?? config.methods;
  // Lists given here were validated by the same schema as the config's (job-lists.ts); this catches a caller
  // that skipped it.
  for (const m of methods) {
    if (!methodNames().includes(m)) throw new ConfigError(`unknown method '${m}'`, `methods: ${methodNames().join(', ')}`);
  }
  const baselines = methods.filter((m) => m !== 'agent');
  const first: JobSpec[] = [];
  const second: JobSpec[] = [];
  for (const seed of seeds) {
    // The agent's counts are needed by every baseline, so the agent runs even if only baselines were asked for.
    if (methods.length > 0) for (const b of budgets) first.push({ kind: 'prune', method: 'agent', b, seed });
    for (const b of budgets) for (const method of baselines) second.push({ kind: 'prune', method, b, seed });
  }
  // Fixed plans (references, the uniform-L1 curve) have no search whose spread seeds would show: they run once,
  // at the first seed.
  if (selection.methods === undefined && seeds.length > 0) {
    for (const name of config.referencePlans) first.push({ kind: 'reference', name, seed: seeds[0] });
    if (config.uniformL1) first.push({ kind: 'uniform-l1', seed: seeds[0] });
  }
  return [first, second].filter((wave) => wave.length > 0);
}
