import { z } from 'zod';
import { budgetSchema } from '../budget-rule';
import { DECIDERS } from '../deciders/registry';
import { REFERENCE_PLANS } from '../references/registry';

/**
 * One unit of a sweep, as data: what a sweep plans, what an executor hands to `l2p job --spec` (as JSON), and what
 * runJob runs. Its name (`agent-b0.5-s0`: its directory, run id and lock) is made from it by encodeJobId
 * (job-id.ts). Fixed plans — a reference plan from the literature, the uniform-L1 curve — have no b: they are
 * given their counts, no budget is searched for.
 */

export const UNIFORM_L1 = 'uniform-l1';

/** Why `seed` is not a seed, as one sentence ending in the value, or undefined when it is one. */
export function seedProblem(seed: number): string | undefined {
  const rule = !Number.isInteger(seed) || seed < 0 ? 'a seed must be a whole number ≥ 0' : seed > 0xffffffff ? 'a seed must be below 2^32' : undefined;
  return rule === undefined ? undefined : `${rule}, got ${String(seed)}`;
}

/** A schema of `base` whose values must also pass `problem` (a sentence naming the value, or undefined). */
function ruled<T>(base: z.ZodType<T>, problem: (value: T) => string | undefined): z.ZodType<T> {
  return base.superRefine((value, ctx) => {
    const p = problem(value);
    if (p) ctx.addIssue({ code: z.ZodIssueCode.custom, message: p });
  });
}

export const seedSchema = ruled(z.number({ invalid_type_error: 'a seed must be a number' }), seedProblem);
export const methodSchema = ruled(z.string({ invalid_type_error: 'a method must be a name' }), (m) =>
  DECIDERS.has(m) ? undefined : `unknown method (methods: ${DECIDERS.names().join(', ')}), got ${m}`,
);
const referenceSchema = ruled(z.string({ invalid_type_error: 'a reference plan must be a name' }), (n) =>
  REFERENCE_PLANS.has(n) ? undefined : `unknown reference plan (references: ${REFERENCE_PLANS.names().join(', ')}), got ${n}`,
);

/** A job as data; strict, so a fixed plan's job given a b is refused, not run with the b ignored. */
export const jobSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('prune'), method: methodSchema, b: budgetSchema, seed: seedSchema }).strict('a prune job is { kind, method, b, seed }'),
  z.object({ kind: z.literal('reference'), name: referenceSchema, seed: seedSchema }).strict('a reference job is { kind, name, seed }: a fixed plan has no b'),
  z.object({ kind: z.literal(UNIFORM_L1), seed: seedSchema }).strict('a uniform-l1 job is { kind, seed }: a fixed plan has no b'),
]);

export type JobSpec = z.infer<typeof jobSpecSchema>;

/** The job `value` (e.g. parsed JSON) is, or the first rule it breaks, as `<key>: <rule>, got <value>`. */
export function readJobSpec(value: unknown): JobSpec | string {
  const parsed = jobSpecSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/** The fields of a run configuration (manifest.json `config`) that name its job. b is null for fixed plans. */
export interface JobRunConfig {
  method: string;
  b: number | null;
  seed: number;
}

/** The method a job's rows carry in the result tables: the decider, the reference plan's name, or uniform-l1. */
export function jobMethod(spec: JobSpec): string {
  return spec.kind === 'prune' ? spec.method : spec.kind === 'reference' ? spec.name : UNIFORM_L1;
}

/** The (method, b, seed) a job's run configuration records (its on-disk spelling: null where a job has no b). */
export function jobRunConfig(spec: JobSpec): JobRunConfig {
  return { method: jobMethod(spec), b: spec.kind === 'prune' ? spec.b : null, seed: spec.seed };
}

/**
 * The job a run configuration (a manifest's `config`, as read from disk) records, or undefined when it names none:
 * the inverse of `jobRunConfig`, checked by the same schema as a job given to `l2p job`.
 */
export function jobOfRunConfig(config: Partial<Record<keyof JobRunConfig, unknown>>): JobSpec | undefined {
  const { method, b, seed } = config;
  if (typeof method !== 'string') return undefined;
  const fixed = b === null || b === undefined;
  const candidate = !fixed ? { kind: 'prune', method, b, seed } : method === UNIFORM_L1 ? { kind: UNIFORM_L1, seed } : { kind: 'reference', name: method, seed };
  const spec = readJobSpec(candidate);
  return typeof spec === 'string' ? undefined : spec;
}

/** The agent job whose per-layer counts a baseline prunes at (none for the agent and fixed plans). */
export function agentJobOf(spec: JobSpec): JobSpec | undefined {
  return spec.kind === 'prune' && DECIDERS.get(spec.method).needsCount ? { ...spec, method: 'agent' } : undefined;
}
