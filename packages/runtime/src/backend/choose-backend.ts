import { BackendUnavailableError } from '../errors';
import { BACKEND_NAMES, BackendName, BackendPreference, INSTALL_HINTS } from './backend-names';

/** What a backend reports once it is active. */
export interface ActiveBackend {
  version: string;
  /** Extra facts worth printing (e.g. SIMD on wasm). */
  details?: Record<string, string | number | boolean>;
}

export interface SkippedBackend {
  name: BackendName;
  reason: string;
}

export interface BackendSelection extends ActiveBackend {
  name: BackendName;
  preference: BackendPreference;
  /** Better backends that `auto` tried first, and why each was not used. */
  skipped: SkippedBackend[];
}

/** Loads a backend's module, activates it and runs a tiny op; throws (the module's own error) if any step fails. */
export type BackendActivator = (name: BackendName) => Promise<ActiveBackend>;

/** First line of an error, without the require stack that Node appends. */
export function errorSummary(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0].trim();
}

/**
 * The selection policy, apart from tfjs so it can be tested with fake activators: `auto` walks the backends best
 * first and keeps the first that works, recording why each better one was skipped; an explicit choice that fails
 * is an error carrying the module's own message and how to install the backend.
 */
export async function chooseBackend(preference: BackendPreference, activate: BackendActivator): Promise<BackendSelection> {
  if (preference !== 'auto') {
    try {
      const active = await activate(preference);
      return { name: preference, preference, skipped: [], ...active };
    } catch (err) {
      throw new BackendUnavailableError(`Backend '${preference}' cannot be used: ${errorSummary(err)}`, INSTALL_HINTS[preference]);
    }
  }
  const skipped: SkippedBackend[] = [];
  for (const name of BACKEND_NAMES) {
    try {
      const active = await activate(name);
      return { name, preference, skipped, ...active };
    } catch (err) {
      skipped.push({ name, reason: errorSummary(err) });
    }
  }
  throw new BackendUnavailableError(
    `No compute backend could be loaded: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`,
    INSTALL_HINTS.cpu,
  );
}
