import { budgetSchema, DECIDERS, methodSchema, seedSchema } from '@l2p/pruning';
import { ConfigError } from '@l2p/runtime';
import { z } from 'zod';

/**
 * The lists that choose a sweep's jobs — budgets b, seeds and methods — validated by one schema wherever they come
 * from: an experiment file, `l2p sweep --b/--seeds/--methods` or `l2p prune --b/--seed/--method`. Duplicates are
 * removed (the same job twice would run twice at once in one folder).
 */

/** The methods the pruning registry knows, in its order. */
export function methodNames(): string[] {
  return DECIDERS.names();
}

const unique = <T>(values: T[]): T[] => [...new Set(values)];

// One value's rules are the pruning package's — b's (budget-rule.ts), a seed's and a method's (runs/job-spec.ts) — the
// same that check a job given to `l2p job` as data and a job id read back from a directory name.

export const budgetsSchema = z.array(budgetSchema).min(1, 'give at least one b').transform(unique);
export const seedsSchema = z.array(seedSchema).min(1, 'give at least one seed').transform(unique);
export const methodsSchema = z.array(methodSchema).min(1, 'give at least one method').transform(unique);

export interface JobLists {
  budgets?: number[];
  seeds?: number[];
  methods?: string[];
}

/** The command-line spelling of each list, e.g. { budgets: '--b', seeds: '--seeds', methods: '--methods' }. */
export type ListFlags = Record<keyof JobLists, string>;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Splits a comma-separated flag value; numeric lists take decimal numbers only ('0x10', '' and 'abc' are not). */
function splitList(flag: string, raw: string, numeric: boolean): (number | string)[] {
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (!numeric) return items;
  return items.map((s) => {
    if (!NUMBER.test(s)) throw new ConfigError(`${flag} ${raw}: '${s}' is not a number`);
    return Number(s);
  });
}

/**
 * Validates the lists given on the command line (each as its comma-separated text; undefined = not given) and
 * returns them parsed, in order, without duplicates. Throws one ConfigError naming the flag, the rule and the value.
 */
export function parseJobLists(raw: { budgets?: string; seeds?: string; methods?: string }, flags: ListFlags): JobLists {
  const out: JobLists = {};
  const schemas = { budgets: budgetsSchema, seeds: seedsSchema, methods: methodsSchema } as const;
  for (const key of ['budgets', 'seeds', 'methods'] as const) {
    const text = raw[key];
    if (text === undefined) continue;
    const parsed = schemas[key].safeParse(splitList(flags[key], text, key !== 'methods'));
    if (!parsed.success) {
      throw new ConfigError(`${flags[key]} ${text}: ${parsed.error.issues[0].message}`);
    }
    (out as Record<string, unknown>)[key] = parsed.data;
  }
  return out;
}
