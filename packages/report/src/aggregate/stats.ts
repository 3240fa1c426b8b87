import { DECIDERS, REFERENCE_PLANS, UNIFORM_L1 } from '@l2p/pruning';
/**
 * Mean and spread over seeds. The spread is the min–max range, not a standard deviation: sweeps run two or
 * three seeds, where a standard deviation says little and the range shows exactly what was observed.
 */
export interface SeedStat {
  mean: number;
  min: number;
  max: number;
  n: number;
}

export function seedStat(values: readonly (number | null | undefined)[]): SeedStat | null {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (xs.length === 0) return null;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of xs) {
    sum += x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  return { mean: sum / xs.length, min, max, n: xs.length };
}

/** Distinct values in ascending order (numbers) — used for b values and seeds. */
export function sortedUnique(values: readonly (number | null | undefined)[]): number[] {
  return [...new Set(values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)))].sort((a, b) => a - b);
}

/** The paper's method first, then the baselines and fixed plans in their registries' order, then anything else alphabetically. */
const METHOD_ORDER = [...DECIDERS.names(), ...REFERENCE_PLANS.names(), UNIFORM_L1];

export function sortMethods(methods: Iterable<string>): string[] {
  const rank = (m: string): number => {
    const i = METHOD_ORDER.indexOf(m);
    return i < 0 ? METHOD_ORDER.length : i;
  };
  return [...new Set(methods)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, 'en'));
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** A map key for a (method, b) pair; b is null for fixed-plan references. */
export function methodBKey(method: string | null | undefined, b: number | null | undefined): string {
  return `${method ?? '?'}|${b ?? 'null'}`;
}
