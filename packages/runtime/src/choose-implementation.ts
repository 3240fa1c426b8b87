import { BackendUnavailableError } from './errors';

/** What an implementation (a compute backend, an inference engine) reports once it is active. */
export interface ActiveImplementation {
  version: string;
  /** Extra facts worth printing (e.g. SIMD on wasm, threads of onnxruntime). */
  details?: Record<string, string | number | boolean>;
}

export interface Skipped<N extends string> {
  name: N;
  reason: string;
}

export interface Chosen<N extends string, P extends string> extends ActiveImplementation {
  name: N;
  preference: P;
  /** Better implementations that `auto` tried first, and why each was not used. */
  skipped: Skipped<N>[];
}

/** Everything that differs between choosing a backend and choosing an engine. */
export interface ImplementationKind<N extends string> {
  /** Capitalised noun for messages: 'Backend', 'Engine'. */
  title: string;
  /** The message when nothing loads, e.g. 'No compute backend could be loaded'. */
  noneLoaded: string;
  /** Best first: the order `auto` tries. */
  names: readonly N[];
  /** How to get each one that is missing. */
  hints: Record<N, string>;
  /** The hint printed when nothing loads. */
  fallbackHint: string;
}

/** First line of an error, without the require stack that Node appends. */
export function errorSummary(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0].trim();
}

/**
 * The selection policy shared by backends and engines: `auto` walks the names best first and keeps the first
 * that activates, recording why each better one was skipped; an explicit choice that fails is an error carrying
 * the module's own message and how to install it (never a silent fallback).
 */
export async function chooseImplementation<N extends string, P extends string>(
  kind: ImplementationKind<N>,
  preference: P,
  activate: (name: N) => Promise<ActiveImplementation>,
): Promise<Chosen<N, P>> {
  if (preference !== 'auto') {
    const name = preference as string as N;
    try {
      const active = await activate(name);
      return { name, preference, skipped: [], ...active };
    } catch (err) {
      throw new BackendUnavailableError(`${kind.title} '${name}' cannot be used: ${errorSummary(err)}`, kind.hints[name]);
    }
  }
  const skipped: Skipped<N>[] = [];
  for (const name of kind.names) {
    try {
      const active = await activate(name);
      return { name, preference, skipped, ...active };
    } catch (err) {
      skipped.push({ name, reason: errorSummary(err) });
    }
  }
  throw new BackendUnavailableError(`${kind.noneLoaded}: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`, kind.fallbackHint);
}
