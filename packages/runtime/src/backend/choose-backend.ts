import { ActiveImplementation, Chosen, chooseImplementation, ImplementationKind, Skipped } from '../choose-implementation';
import { BACKEND_NAMES, BackendName, BackendPreference, INSTALL_HINTS } from './backend-names';

/** What a backend reports once it is active. */
export type ActiveBackend = ActiveImplementation;

export type SkippedBackend = Skipped<BackendName>;

export type BackendSelection = Chosen<BackendName, BackendPreference>;

/** Loads a backend's module, activates it and runs a tiny op; throws (the module's own error) if any step fails. */
export type BackendActivator = (name: BackendName) => Promise<ActiveBackend>;

const BACKEND_KIND: ImplementationKind<BackendName> = {
  title: 'Backend',
  noneLoaded: 'No compute backend could be loaded',
  names: BACKEND_NAMES,
  hints: INSTALL_HINTS,
  fallbackHint: INSTALL_HINTS.cpu,
};

/**
 * The selection policy, apart from tfjs so it can be tested with fake activators: `auto` walks the backends best
 * first and keeps the first that works, recording why each better one was skipped; an explicit choice that fails
 * is an error carrying the module's own message and how to install the backend.
 */
export function chooseBackend(preference: BackendPreference, activate: BackendActivator): Promise<BackendSelection> {
  return chooseImplementation(BACKEND_KIND, preference, activate);
}
