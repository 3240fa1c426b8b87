import { ConfigError, L2pError, LockHeldError } from '@l2p/runtime';
import { EXIT_BUSY } from './experiments/job-queue';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** 3: another process holds the lock of the run asked for (it is being run already). */
export { EXIT_BUSY };

/** An error as the user sees it: a title line, then the hint, then (for unexpected errors) the stack. */
export function formatError(err: unknown): string {
  if (err instanceof L2pError) {
    return [`error: ${err.message}`, ...(err.hint ? [`  ${err.hint}`] : [])].join('\n');
  }
  if (err instanceof Error) return `error: ${err.message}\n${err.stack?.split('\n').slice(1).join('\n') ?? ''}`;
  return `error: ${String(err)}`;
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof LockHeldError) return EXIT_BUSY;
  return err instanceof ConfigError ? EXIT_USAGE : EXIT_FAILED;
}
