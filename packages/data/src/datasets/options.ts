import { ConfigError } from '@l2p/runtime';
import type { z } from 'zod';
import type { DatasetOpenOptions, DatasetOption } from './dataset-entry';

/** A `dataset` key of one set alone: its schema and, where keys constrain each other, the rules a schema cannot state. */
export function datasetOption<T>(schema: z.ZodType<T>, problems?: (value: T, dataset: { readonly cropSize?: number }) => string[]): DatasetOption<T> {
  return problems ? { schema, problems } : { schema };
}

/**
 * The set's own option `key` as the experiment gave it, checked against its schema and rules (the experiment
 * schema checked it already; a direct caller of `open` is checked here): undefined when not given.
 */
export function readOption<T>(options: DatasetOpenOptions, key: string, option: DatasetOption<T>): T | undefined {
  const value = options.setOptions?.[key];
  if (value === undefined) return undefined;
  const parsed = option.schema.safeParse(value);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${['dataset', key, ...i.path].join('.')}: ${i.message}`).join('; '));
  }
  const problems = option.problems?.(parsed.data, options) ?? [];
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `dataset.${key}: ${p}`).join('; '));
  return parsed.data;
}
