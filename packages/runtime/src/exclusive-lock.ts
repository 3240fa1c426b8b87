import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { L2pError } from './errors';
import { ensureDir } from './output-location';

/**
 * Exclusive locks between processes, as files: one writer per run directory. A lock file holds its owner (pid,
 * host, process start time, a random token) and appears complete or not at all: the owner record is written to a
 * private temporary file and hard-linked to the lock's name, which fails if the name exists (O_EXCL semantics that
 * also hold on NFS, where a job on another node may take the same lock).
 *
 * A lock is stale, and is taken over, when its owner is gone:
 * - same host: `process.kill(pid, 0)` says no such process, or the pid now belongs to a process that started at
 *   another time (a reused pid), or the process is a zombie (dead, not yet reaped);
 * - another host (e.g. a Slurm job on a compute node): the pid cannot be asked, so the owner touches the lock file
 *   every `heartbeatMs` and the lock is stale when its modification time is older than `foreignStaleMs`.
 * Taking over renames the stale file away and checks that what moved is the stale owner's record, so two
 * processes that find the same stale lock never both end up holding it.
 */

export interface LockOwner {
  pid: number;
  host: string;
  /** When the lock was taken (ISO time). */
  acquiredAt: string;
  /** Linux: the owner's start time in clock ticks since boot (/proc/<pid>/stat), to tell a reused pid apart. */
  processStart: number | null;
  /** Random, per acquisition: tells two holders apart. */
  token: string;
  /** What holds it, for messages, e.g. "job agent-b1-s0". */
  purpose: string;
}

export interface LockOptions {
  /** What the lock protects, for messages. */
  purpose: string;
  /** How often the holder touches the lock file. Default 30 s. */
  heartbeatMs?: number;
  /** A lock held from another host is stale when not touched for this long. Default 10 min. */
  foreignStaleMs?: number;
}

export type LockAttempt = { acquired: true; lock: ExclusiveLock } | { acquired: false; owner: LockOwner };

/** A lock held by a live process (of this or another host), with who holds it. */
export class LockHeldError extends L2pError {
  constructor(
    readonly file: string,
    readonly owner: LockOwner,
    what: string,
  ) {
    super(`${what} is being run by ${describeLockOwner(owner)} (lock ${file})`);
  }
}

/** The exit code of a process (`l2p job`, any `l2p` command) that found the lock of the run it was asked for held by another live process. */
export const EXIT_BUSY = 3;

const DEFAULT_HEARTBEAT_MS = 30_000;
const DEFAULT_FOREIGN_STALE_MS = 10 * 60_000;

/** Field 3 (state) and field 22 (start time) of /proc/<pid>/stat, or undefined where there is no procfs. */
function procStat(pid: number): { state: string; start: number } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0], start: Number(fields[19]) };
}

/** Whether a process of this host with this pid (and, where known, this start time) is running. */
function isAlive(pid: number, processStart: number | null): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(pid);
  if (!stat) return true;
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return processStart === null || stat.start === processStart;
}

/** "pid 123 on node-1 since 2026-12-01 21:03:04 UTC (job agent-b1-s0)". */
export function describeLockOwner(owner: LockOwner): string {
  const since = owner.acquiredAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return `pid ${owner.pid} on ${owner.host} since ${since}`;
}

/** The owner recorded in a lock file, or undefined if there is none (or it is unreadable). */
export function readLockOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
    return typeof owner.pid === 'number' && typeof owner.token === 'string' ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the lock `owner` recorded (its file last touched at `touchedMs`) is abandoned. */
export function isLockStale(owner: LockOwner, touchedMs: number, options: Pick<LockOptions, 'foreignStaleMs'> = {}, now = Date.now()): boolean {
  if (owner.host === os.hostname()) return !isAlive(owner.pid, owner.processStart);
  return now - touchedMs > (options.foreignStaleMs ?? DEFAULT_FOREIGN_STALE_MS);
}

function myOwner(purpose: string): LockOwner {
  return {
    pid: process.pid,
    host: os.hostname(),
    acquiredAt: new Date().toISOString(),
    processStart: procStat(process.pid)?.start ?? null,
    token: randomBytes(8).toString('hex'),
    purpose,
  };
}

/** Creates `file` holding `owner` if it does not exist; false if it does. */
function createExclusive(file: string, owner: LockOwner): boolean {
  const temp = `${file}.${owner.token}.tmp`;
  const fd = fs.openSync(temp, 'wx');
  try {
    fs.writeFileSync(fd, `${JSON.stringify(owner, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/**
 * Removes a lock judged stale, unless someone replaced it meanwhile. Returns the owner now holding it when the
 * file turned out to be someone else's live lock (put back), or undefined when the stale lock is gone.
 */
function removeStale(file: string, stale: LockOwner, myToken: string): LockOwner | undefined {
  const grave = `${file}.stale-${myToken}`;
  try {
    fs.renameSync(file, grave);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // someone else removed it first
    throw err;
  }
  const moved = readLockOwner(grave);
  if (!moved || moved.token === stale.token) {
    fs.rmSync(grave, { force: true });
    return undefined;
  }
  // Another process took the lock over between our look and our rename: give it back.
  try {
    fs.linkSync(grave, file);
  } catch {
    // a third process got in; its lock stands, and the displaced owner sees it has lost the lock on release
  }
  fs.rmSync(grave, { force: true });
  return moved;
}

/** A held lock. Release it when the protected work ends (a crash leaves it stale, to be taken over). */
export class ExclusiveLock {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly file: string,
    readonly owner: LockOwner,
    heartbeatMs: number,
  ) {
    this.timer = setInterval(() => this.heartbeat(), heartbeatMs);
    this.timer.unref();
  }

  /** Whether the lock file still holds this owner's record. */
  isHeld(): boolean {
    return readLockOwner(this.file)?.token === this.owner.token;
  }

  private heartbeat(): void {
    if (!this.isHeld()) return;
    const now = new Date();
    try {
      fs.utimesSync(this.file, now, now);
    } catch {
      // a missed beat only matters to other hosts, after many of them
    }
  }

  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.isHeld()) fs.rmSync(this.file, { force: true });
  }
}

/** Takes the lock if it is free or stale; otherwise says who holds it. Never waits. */
export function tryAcquireLock(file: string, options: LockOptions): LockAttempt {
  ensureDir(path.dirname(file));
  const owner = myOwner(options.purpose);
  // A few rounds: each either takes the lock, finds a live owner, or clears a stale one and tries again.
  for (let round = 0; round < 5; round++) {
    if (createExclusive(file, owner)) return { acquired: true, lock: new ExclusiveLock(file, owner, options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS) };
    const current = readLockOwner(file);
    let touched: number;
    try {
      touched = fs.statSync(file).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    if (!current) {
      // Not written by createExclusive (which makes complete files): something else put it there.
      throw new L2pError(`${file}: exists but holds no lock owner record; remove it if no l2p process is using this directory`);
    }
    if (!isLockStale(current, touched, options)) return { acquired: false, owner: current };
    const holder = removeStale(file, current, owner.token);
    if (holder) return { acquired: false, owner: holder };
  }
  const current = readLockOwner(file);
  if (current) return { acquired: false, owner: current };
  throw new L2pError(`${file}: could not take the lock (it changed hands repeatedly)`);
}

export interface WaitOptions extends LockOptions {
  /** How often to look again while it is held. Default 2 s. */
  pollMs?: number;
  /** Called once per owner found holding the lock (to say what is being waited for). */
  onWait?(owner: LockOwner): void;
}

/** Takes the lock, waiting for as long as a live process holds it. */
export async function acquireLock(file: string, options: WaitOptions): Promise<ExclusiveLock> {
  let announced: string | undefined;
  for (;;) {
    const attempt = tryAcquireLock(file, options);
    if (attempt.acquired) return attempt.lock;
    if (attempt.owner.token !== announced) {
      announced = attempt.owner.token;
      options.onWait?.(attempt.owner);
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 2000));
  }
}

/** The live owner of a lock, or undefined when it is free or stale (a look only: nothing is taken or removed). */
export function lockHolder(file: string, options: Pick<LockOptions, 'foreignStaleMs'> = {}): LockOwner | undefined {
  const owner = readLockOwner(file);
  if (!owner) return undefined;
  let touched: number;
  try {
    touched = fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
  return isLockStale(owner, touched, options) ? undefined : owner;
}

/** Live locks among the `*.lock` files of a directory (e.g. before deleting what they protect). */
export function liveLocks(dir: string, options: Pick<LockOptions, 'foreignStaleMs'> = {}): { file: string; owner: LockOwner }[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.lock'));
  } catch {
    return [];
  }
  const live: { file: string; owner: LockOwner }[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const owner = lockHolder(file, options);
    if (owner) live.push({ file, owner });
  }
  return live;
}
