import { ConfigError } from '@l2p/runtime';
import { DECIDERS } from '../deciders/registry';
import { REFERENCE_PLANS } from '../references/registry';

/**
 * One unit of a sweep, and its name. A job id (`agent-b0.5-s0`, `li-pruned-a-s0`, `uniform-l1-s0`) is the job's
 * directory under `runs/<experiment>/`, its run id in every Arrow table and its lock's name; the run configuration
 * in its manifest holds the same (method, b, seed). This file is the one codec between the three spellings, so a
 * sweep, `l2p job`, a Slurm node and the report's manifest reader cannot disagree about what a job is.
 */
export type JobSpec =
  | { kind: 'prune'; method: string; b: number; seed: number }
  | { kind: 'reference'; name: string; seed: number }
  | { kind: 'uniform-l1'; seed: number };

/** The fields of a run configuration (manifest.json `config`) that name its job. b is null for fixed plans. */
export interface JobRunConfig {
  method: string;
  b: number | null;
  seed: number;
}

export const UNIFORM_L1 = 'uniform-l1';

/** Why b cannot be a budget in a job id (undefined when it can). */
export function budgetProblem(b: number): string | undefined {
  if (!Number.isFinite(b)) return 'b must be a finite number of points';
  if (b <= 0) return 'b must be greater than 0 (the largest acceptable drop, in points)';
  if (b > 100) return 'b must be at most 100 (points of a percentage)';
  // Job ids spell b in decimal (agent-b0.5-s0); below 1e-6 JavaScript would write 1e-7.
  if (/e/i.test(String(b))) return 'b must be at least 0.000001';
  return undefined;
}

/** Why a number cannot be a seed (undefined when it can). */
export function seedProblem(seed: number): string | undefined {
  if (!Number.isInteger(seed) || seed < 0) return 'a seed must be a whole number ≥ 0';
  if (seed > 0xffffffff) return 'a seed must be below 2^32';
  return undefined;
}

const escape = (name: string): string => name.replace(/[^a-z0-9]/gi, '\\$&');
const alternatives = (names: readonly string[]): string => names.map(escape).join('|');

export function encodeJobId(spec: JobSpec): string {
  switch (spec.kind) {
    case 'prune':
      return `${spec.method}-b${spec.b}-s${spec.seed}`;
    case 'reference':
      return `${spec.name}-s${spec.seed}`;
    case 'uniform-l1':
      return `${UNIFORM_L1}-s${spec.seed}`;
  }
}

const JOB_ID_FORMS = 'job ids look like agent-b1-s0, l1-b0.5-s2, li-pruned-a-s0, uniform-l1-s0';

/** The job an id names, or a reason it names none. */
function decode(id: string): JobSpec | string {
  let m = new RegExp(`^(${alternatives(DECIDERS.names())})-b([0-9.]+)-s(\\d+)$`).exec(id);
  if (m) {
    const [b, seed] = [Number(m[2]), Number(m[3])];
    const problem = budgetProblem(b) ?? seedProblem(seed);
    if (problem) return `${problem}, got ${problem.startsWith('b') ? m[2] : m[3]}`;
    // The id must be the one this job would be given: 'agent-b01-s0' would be a second folder for agent-b1-s0.
    const spec: JobSpec = { kind: 'prune', method: m[1], b, seed };
    return encodeJobId(spec) === id ? spec : `not in canonical form (${encodeJobId(spec)})`;
  }
  m = new RegExp(`^(${alternatives(REFERENCE_PLANS.names())}|${escape(UNIFORM_L1)})-s(\\d+)$`).exec(id);
  if (m) {
    const seed = Number(m[2]);
    const problem = seedProblem(seed);
    if (problem) return `${problem}, got ${m[2]}`;
    const spec: JobSpec = m[1] === UNIFORM_L1 ? { kind: 'uniform-l1', seed } : { kind: 'reference', name: m[1], seed };
    return encodeJobId(spec) === id ? spec : `not in canonical form (${encodeJobId(spec)})`;
  }
  return 'not a job id';
}

/** The job `id` names; a ConfigError naming the id and the rule when it names none. */
export function decodeJobId(id: string): JobSpec {
  const spec = decode(id);
  if (typeof spec === 'string') {
    // The forms are shown only when the id has none of them; otherwise the rule it broke says enough.
    const hint = spec === 'not a job id' ? `${JOB_ID_FORMS}; methods: ${DECIDERS.names().join(', ')}; references: ${REFERENCE_PLANS.names().join(', ')}` : undefined;
    throw new ConfigError(`job id '${id}': ${spec}`, hint);
  }
  return spec;
}

/** The job `id` names, or undefined (a directory of a runs folder that is not a job: `base`, `_generated`, …). */
export function tryDecodeJobId(id: string): JobSpec | undefined {
  const spec = decode(id);
  return typeof spec === 'string' ? undefined : spec;
}

/** The method a job's rows carry in the result tables: the decider, the reference plan's name, or uniform-l1. */
export function jobMethod(spec: JobSpec): string {
  return spec.kind === 'prune' ? spec.method : spec.kind === 'reference' ? spec.name : UNIFORM_L1;
}

/** The (method, b, seed) a job's run configuration records. */
export function jobRunConfig(spec: JobSpec): JobRunConfig {
  return { method: jobMethod(spec), b: spec.kind === 'prune' ? spec.b : null, seed: spec.seed };
}

/**
 * The job a run configuration (a manifest's `config`, as read from disk) records, or undefined when it names none:
 * the inverse of `jobRunConfig`, through the id so that both spellings are checked by the same rules.
 */
export function jobOfRunConfig(config: Partial<Record<keyof JobRunConfig, unknown>>): JobSpec | undefined {
  const { method, b, seed } = config;
  if (typeof method !== 'string' || typeof seed !== 'number') return undefined;
  if (typeof b === 'number') return tryDecodeJobId(`${method}-b${b}-s${seed}`);
  return b === null || b === undefined ? tryDecodeJobId(`${method}-s${seed}`) : undefined;
}

/** The agent job whose per-layer counts a baseline prunes at (none for the agent and fixed plans). */
export function agentJobOf(spec: JobSpec): JobSpec | undefined {
  return spec.kind === 'prune' && DECIDERS.get(spec.method).needsCount ? { ...spec, method: 'agent' } : undefined;
}
