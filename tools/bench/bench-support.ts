/** Small helpers shared by the model benchmarks (argument parsing, timing). */
import type { Batch, BatchSource } from '@l2p/models';
import { ConfigError } from '@l2p/runtime';

export type FlagSpec = Record<string, { kind: 'number' | 'string' | 'list'; help: string }>;

/** `--name value` pairs → values; unknown flags and non-numbers are ConfigErrors naming the flag and value. */
export function parseFlags<T extends Record<string, number | string | string[]>>(bench: string, argv: readonly string[], spec: FlagSpec, defaults: T): T {
  const out: Record<string, number | string | string[]> = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    const flag = spec[name];
    if (!argv[i].startsWith('--') || !flag) {
      throw new ConfigError(`${bench}: unknown argument '${argv[i]}'; expected one of ${Object.keys(spec).map((k) => `--${k}`).join(', ')}`);
    }
    const raw = argv[i + 1] ?? '';
    if (flag.kind === 'number') {
      const v = Number(raw);
      if (!(v > 0)) throw new ConfigError(`${bench}: --${name} must be a positive number, got '${raw}'`);
      out[name] = v;
    } else {
      out[name] = flag.kind === 'list' ? raw.split(',').filter(Boolean) : raw;
    }
  }
  return out as T;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Wraps a source and records the time at which each batch is requested (= the previous step has finished). */
export function timedSource(inner: BatchSource, stamps: number[]): BatchSource {
  return {
    size: inner.size,
    async *batches(epoch: number): AsyncIterable<Batch> {
      for await (const batch of inner.batches(epoch)) {
        stamps.push(performance.now());
        yield batch;
      }
      stamps.push(performance.now());
    },
  };
}
