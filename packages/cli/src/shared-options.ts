import { BACKEND_PREFERENCES, BackendPreference, LOG_LEVELS, LogLevel } from '@l2p/runtime';
import type { Argv } from 'yargs';

export interface GlobalOptions {
  backend: BackendPreference;
  logLevel: LogLevel;
}

/** Options every command takes. `L2P_BACKEND` / `L2P_LOG_LEVEL` set them through yargs' env support. */
export function withGlobalOptions<T>(yargs: Argv<T>): Argv<T & GlobalOptions> {
  return yargs
    .option('backend', {
      choices: BACKEND_PREFERENCES,
      default: 'auto' as BackendPreference,
      describe: 'Compute backend: auto tries tensorflow-gpu, tensorflow, wasm, cpu in that order (env L2P_BACKEND)',
      global: true,
    })
    .option('log-level', {
      choices: LOG_LEVELS,
      default: 'info' as LogLevel,
      describe: 'How much to log on stderr (env L2P_LOG_LEVEL)',
      global: true,
    }) as unknown as Argv<T & GlobalOptions>;
}
