import { describeLockOwner, L2pError, LockHeldError, lockHolder, Logger } from '@l2p/runtime';

/** A worker found its job locked by another process (`l2p job` exits with code 3). */
export class JobBusyError extends L2pError {}

export interface QueueOptions<T> {
  /** Jobs at once. */
  limit: number;
  id(item: T): string;
  /** The job's lock file: a job whose lock a live process holds is not started. */
  lockFile(item: T): string;
  /** Whether the job is finished (e.g. by another process meanwhile). */
  isDone(item: T): boolean;
  /**
   * Runs the job: 'done', or 'skipped' when it turned out finished (by another process, between our look and
   * its start). Throws LockHeldError or JobBusyError when it finds the job locked after all.
   */
  run(item: T): Promise<'done' | 'skipped'>;
  logger: Logger;
  /** Jobs that must be finished before this one starts (a baseline needs the agent's counts). Default none. */
  prerequisites?(item: T): readonly T[];
  /** How often to look again at jobs other processes hold. Default 2 s. */
  pollMs?: number;
}

export interface QueueResult<T> {
  ran: T[];
  /** Jobs another process was running, found finished when their lock was released. */
  finishedElsewhere: T[];
  failures: { item: T; error: unknown }[];
}

const isBusy = (err: unknown): boolean => err instanceof LockHeldError || err instanceof JobBusyError;

/**
 * Runs jobs with at most `limit` at once; every job runs even if some fail. A job another live process holds
 * the lock of (a second sweep on the same runs directory) is set aside, said so once, and looked at again after
 * the others: when its lock is released it is either finished (counted, not rerun) or, if its owner failed or
 * died, run here. When only such jobs are left, this waits for them.
 */
export async function runQueue<T>(items: readonly T[], o: QueueOptions<T>): Promise<QueueResult<T>> {
  const pending = [...items];
  const result: QueueResult<T> = { ran: [], finishedElsewhere: [], failures: [] };
  const announced = new Set<string>();
  let waitingFor = '';

  let running = 0;
  /** Takes the first pending job that can start now; files finished ones away, and ones whose prerequisite failed. */
  const take = (): T | undefined => {
    for (let i = 0; i < pending.length; ) {
      const item = pending[i];
      const id = o.id(item);
      if (o.isDone(item)) {
        pending.splice(i, 1);
        result.finishedElsewhere.push(item);
        o.logger.info(`job ${id}: finished by another process`);
        continue;
      }
      const before = o.prerequisites?.(item) ?? [];
      const failed = before.find((p) => result.failures.some((f) => o.id(f.item) === o.id(p)));
      if (failed) {
        pending.splice(i, 1);
        result.failures.push({ item, error: new L2pError(`not run: it needs job ${o.id(failed)}, which failed`) });
        continue;
      }
      if (!before.every((p) => o.isDone(p))) {
        i++;
        continue;
      }
      const owner = lockHolder(o.lockFile(item));
      if (!owner) {
        pending.splice(i, 1);
        return item;
      }
      if (!announced.has(id)) {
        announced.add(id);
        o.logger.info(`job ${id}: being run by ${describeLockOwner(owner)}; running the others first`);
      }
      i++;
    }
    return undefined;
  };

  const lane = async (): Promise<void> => {
    while (pending.length > 0) {
      const item = take();
      if (item === undefined) {
        if (pending.length === 0) break;
        // Jobs waiting for a prerequisite this process is running: no need to say so, they start when it ends.
        const lockedElsewhere = pending.filter((p) => lockHolder(o.lockFile(p)));
        const ids = lockedElsewhere.map(o.id).join(', ');
        if (ids !== waitingFor && (lockedElsewhere.length > 0 || running === 0)) {
          waitingFor = ids;
          if (lockedElsewhere.length > 0) o.logger.info(`waiting for ${lockedElsewhere.length} job(s) another process is running: ${ids}`);
        }
        await new Promise((resolve) => setTimeout(resolve, o.pollMs ?? 2000));
        continue;
      }
      running++;
      try {
        const outcome = await o.run(item);
        if (outcome === 'done') result.ran.push(item);
        else {
          result.finishedElsewhere.push(item);
          o.logger.info(`job ${o.id(item)}: finished by another process`);
        }
      } catch (error) {
        // Taken by another process between our look and the start: back in line.
        if (isBusy(error)) pending.push(item);
        else result.failures.push({ item, error });
      } finally {
        running--;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.limit, items.length)) }, lane));
  return result;
}
