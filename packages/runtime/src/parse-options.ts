import type { z } from 'zod';
import { ConfigError } from './errors';

/** The value at `path` inside `value`, for an error message (undefined when the path leads nowhere). */
function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

/**
 * Parses an options object with its schema (the one place its rules and defaults are written) and throws a
 * ConfigError of one line naming each offending key under `prefix` (`agent.maxUpdates: …, got 3`), so a call
 * from code and a key in an experiment file fail with the same sentence.
 */
export function parseOptions<S extends z.ZodTypeAny>(schema: S, value: unknown, prefix: string): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data as z.output<S>;
  const lines = parsed.error.issues.map((issue) => {
    const key = [prefix, ...issue.path].filter((p) => p !== '').join('.');
    const got = valueAt(value, issue.path);
    return `${key}: ${issue.message}${got === undefined || issue.code === 'unrecognized_keys' ? '' : `, got ${JSON.stringify(got)}`}`;
  });
  throw new ConfigError(lines.join('; '));
}
