import { ConfigError, EXIT_BUSY, L2pError, LockHeldError } from '@l2p/runtime';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** 3: another process holds the lock of the run asked for (it is being run already). */
export { EXIT_BUSY };

/**
 * An error as the user sees it. An expected one (L2pError) is one line: the message, then what to do about it;
 * an unexpected one also gets its stack.
 */
export function formatError(err: unknown): string {
  if (err instanceof L2pError) return `error: ${oneLine(err.message)}${err.hint ? ` — ${oneLine(err.hint)}` : ''}`;
  if (err instanceof Error) return `error: ${err.message}\n${err.stack?.split('\n').slice(1).join('\n') ?? ''}`;
  return `error: ${String(err)}`;
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof LockHeldError) return EXIT_BUSY;
  return err instanceof ConfigError ? EXIT_USAGE : EXIT_FAILED;
}

/** Folds a multi-line message into one line ("Invalid values:\n  Argument: x" → "Invalid values: Argument: x"). */
export function oneLine(text: string): string {
  return text.replace(/:\s*\n\s*/g, ': ').replace(/\s*\n\s*/g, '; ').trim();
}
