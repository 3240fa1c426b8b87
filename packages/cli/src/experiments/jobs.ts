import { ConfigError } from '@l2p/runtime';
import { ExperimentConfig } from './config-schema';
import { budgetSchema, methodNames } from './job-lists';

/** One unit of a sweep. Baselines depend on the agent job of the same (b, seed): they prune at its counts. */
export type JobSpec =
  | { kind: 'prune'; method: string; b: number; seed: number }
  | { kind: 'reference'; name: 'li-pruned-a'; seed: number }
  | { kind: 'uniform-l1'; seed: number };

export function jobId(spec: JobSpec): string {
  switch (spec.kind) {
    case 'prune':
      return `${spec.method}-b${spec.b}-s${spec.seed}`;
    case 'reference':
      return `${spec.name}-s${spec.seed}`;
    case 'uniform-l1':
      return `uniform-l1-s${spec.seed}`;
  }
}

export function parseJobId(id: string): JobSpec {
  const methods = methodNames().map((name) => name.replace(/[^a-z0-9]/gi, '\\$&')).join('|');
  let m = new RegExp(`^(${methods})-b([0-9.]+)-s(\\d+)$`).exec(id);
  if (m) {
    const b = budgetSchema.safeParse(Number(m[2]));
    if (!b.success) throw new ConfigError(`job id '${id}': ${b.error.issues[0].message}`);
    return { kind: 'prune', method: m[1], b: b.data, seed: Number(m[3]) };
  }
  m = /^(li-pruned-a)-s(\d+)$/.exec(id);
  if (m) return { kind: 'reference', name: 'li-pruned-a', seed: Number(m[2]) };
  m = /^uniform-l1-s(\d+)$/.exec(id);
  if (m) return { kind: 'uniform-l1', seed: Number(m[1]) };
  throw new ConfigError(`not a job id: '${id}'`, 'job ids look like agent-b1-s0, l1-b1-s0, li-pruned-a-s0, uniform-l1-s0');
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
    for (const name of config.references) first.push({ kind: 'reference', name, seed: seeds[0] });
    if (config.uniformL1) first.push({ kind: 'uniform-l1', seed: seeds[0] });
  }
  return [first, second].filter((wave) => wave.length > 0);
}
