import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, L2pError } from './errors';

/**
 * Output directories, created and checked without Node's recursive mkdir. `fs.mkdirSync(dir, { recursive: true })`
 * never returns on procfs (`/proc/x`: mkdir fails with ENOENT although the parent exists, and Node retries the
 * parent forever at 100 % CPU), so everything here makes one directory at a time, from the deepest existing one
 * down, and every failure is one bounded error that names the directory.
 */

interface Existing {
  /** The deepest existing path on the way up from the target (the target itself if it exists). */
  dir: string;
  /** The directories below it that do not exist yet, outermost first. */
  missing: string[];
}

function isNotFound(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Walks up from `target` to the first path that exists; throws if that is not a directory. */
function nearestExisting(target: string, describe: (problem: string) => string): Existing {
  const missing: string[] = [];
  for (let p = path.resolve(target); ; p = path.dirname(p)) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(p);
    } catch (err) {
      if (!isNotFound(err) || p === path.dirname(p)) throw new ConfigError(describe(`cannot look at ${p} (${(err as NodeJS.ErrnoException).code})`));
    }
    if (stat) {
      if (!stat.isDirectory()) throw new ConfigError(describe(`${p} is a file, not a directory`));
      return { dir: p, missing };
    }
    missing.unshift(p);
  }
}

function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ? `${e.code}` : String(err);
}

/**
 * Creates `dir` and any missing parents, one mkdir at a time (a bounded `mkdir -p`). A directory another process
 * creates meanwhile is fine; anything else throws an error naming the directory that could not be made.
 */
export function ensureDir(dir: string): void {
  const { missing } = nearestExisting(dir, (problem) => `cannot create directory ${dir}: ${problem}`);
  for (const p of missing) {
    try {
      fs.mkdirSync(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && fs.statSync(p).isDirectory()) continue;
      throw new L2pError(`cannot create directory ${p} (${errnoText(err)})`);
    }
  }
}

/**
 * Refuses, before any work, an output directory that cannot be written: one under a regular file, on a file
 * system that takes no new entries (procfs, sysfs, read-only mounts), or without permission. The check makes
 * and removes one probe directory in the deepest existing directory, so it leaves nothing behind and creates
 * nothing a failed run would leave. `argument` names the option in the message, e.g. `--out`.
 * Returns the absolute path.
 */
export function checkOutputDir(dir: string, argument: string): string {
  const resolved = path.resolve(dir);
  const describe = (problem: string): string => `${argument} ${dir}: not a writable directory: ${problem}`;
  const { dir: existing, missing } = nearestExisting(resolved, describe);
  let probe: string | undefined;
  try {
    probe = fs.mkdtempSync(path.join(existing, '.l2p-write-check-'));
  } catch (err) {
    const what = missing.length > 0 ? `cannot create ${path.relative(existing, missing[0]) || missing[0]} in ${existing}` : `cannot create files in it`;
    throw new ConfigError(describe(`${what} (${errnoText(err)})`));
  } finally {
    if (probe) fs.rmdirSync(probe);
  }
  return resolved;
}
