import { z } from 'zod';

/**
 * What a budget b is, in one place: the largest acceptable drop of the task's metric, in points (accuracy, or
 * mean-IU points). Every b is checked by this rule, wherever it comes from — an experiment file's `budgets`,
 * `l2p sweep --b`, `l2p prune --b`, a job's spec given to `l2p job --spec`, a job id read back from a directory
 * name — and the reward (reward.ts) refuses any other, so a b the command line accepts is a b the agent can use.
 *
 * A b is also a part of its job's name (`agent-b0.5-s0`, runs/job-id.ts), written with String(b): it must be one
 * that String writes in decimal, or the name would not read back to the same job.
 */

/** The smallest b whose String() is decimal: below 1e-6 JavaScript writes 1e-7. */
export const SMALLEST_BUDGET = 0.000001;

function brokenRule(b: number): string | undefined {
  if (!Number.isFinite(b)) return 'b must be a finite number of points';
  if (b <= 0) return 'b must be greater than 0 (the largest acceptable drop, in points)';
  if (b > 100) return 'b must be at most 100 (points of a percentage)';
  if (/e/i.test(String(b))) return `b must be at least ${SMALLEST_BUDGET.toFixed(6)}`;
  return undefined;
}

/** Why `b` is not a budget, as one sentence ending in the value (`…, got 0`), or undefined when it is one. */
export function budgetProblem(b: number): string | undefined {
  const rule = brokenRule(b);
  return rule === undefined ? undefined : `${rule}, got ${String(b)}`;
}

/** The rule as a schema, for every schema that holds a b (the experiment config, the job lists, a job's spec). */
export const budgetSchema = z.number({ invalid_type_error: 'b must be a number' }).superRefine((b, ctx) => {
  const problem = budgetProblem(b);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
});
