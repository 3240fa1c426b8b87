import { BACKEND_PREFERENCES, BackendPreference, ENGINE_PREFERENCES, EnginePreference, LOG_LEVELS, LogLevel } from '@l2p/runtime';
import type { Argv } from 'yargs';

export interface GlobalOptions {
  backend: BackendPreference;
  engine: EnginePreference;
  /** onnxruntime intra-op threads; undefined = the cores this job has. */
  threads?: number;
  logLevel: LogLevel;
}

/** A yargs `coerce` for a flag that takes a whole number ≥ 1 (absent stays absent); a bad value is a usage error. */
export const positiveInteger =
  (flag: string) =>
  (v: unknown): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got ${String(v)}`);
    return n;
  };

/** Options every command takes. `L2P_BACKEND`, `L2P_ENGINE`, `L2P_THREADS`, `L2P_LOG_LEVEL` set them through yargs' env support. */
export function withGlobalOptions<T>(yargs: Argv<T>): Argv<T & GlobalOptions> {
  return yargs
    .option('backend', {
      choices: BACKEND_PREFERENCES,
      default: 'auto' as BackendPreference,
      describe: 'Compute backend (training, and inference on the tfjs engine): auto tries tensorflow-gpu, tensorflow, wasm, cpu in that order (env L2P_BACKEND)',
      global: true,
    })
    .option('engine', {
      choices: ENGINE_PREFERENCES,
      default: 'auto' as EnginePreference,
      describe: 'Inference engine for candidate scoring, test evaluation and latency: auto takes onnxruntime when it loads, else tfjs; training is always tfjs (env L2P_ENGINE)',
      global: true,
    })
    .option('threads', {
      type: 'number',
      describe: 'onnxruntime intra-op threads (default: the cores this job has; sweep --parallel N gives each worker 1/N of them) (env L2P_THREADS)',
      global: true,
      coerce: positiveInteger('--threads'),
    })
    .option('log-level', {
      choices: LOG_LEVELS,
      default: 'info' as LogLevel,
      describe: 'How much to log on stderr (env L2P_LOG_LEVEL)',
      global: true,
    }) as unknown as Argv<T & GlobalOptions>;
}
