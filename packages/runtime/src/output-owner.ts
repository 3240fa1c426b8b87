import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from './errors';
import { checkOutputDir } from './output-location';

/**
 * One rule for every command that writes a path the user named (`--out`, `--runs-dir`, `--reports-dir`): the path
 * may be missing, or hold only what the command itself writes there. Anything else is the user's, and the command
 * refuses before any work, in one line naming the flag and the path (a ConfigError, exit code 2), writing nothing.
 * Without this, an atomic directory replacement (rename the old directory away, delete it) destroys whatever else
 * the user kept there.
 */
export interface OwnedOutput {
  /** Who writes the path, for the message: "a report", "l2p export --format tfjs". */
  writer: string;
  /** Whether `name`, an entry directly inside the directory (`full` is its path), is one the writer makes. */
  owns: (name: string, full: string) => boolean;
  /** What to do instead, appended to the refusal. */
  hint?: string;
}

/** Leftovers of this project's atomic writes (`.<name>.tmp-<pid>-<n>`), which a crash can leave and a rerun replaces. */
export function isAtomicTemp(name: string): boolean {
  return /^\..+\.tmp-\d+-\d+$/.test(name);
}

function listFew(names: string[]): string {
  return `${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`;
}

/**
 * Checks an output directory against the rule (and that it can be written, see checkOutputDir); returns its
 * absolute path. Hidden entries are checked like any other: replacing the directory would delete them too.
 */
export function checkOwnedOutputDir(dir: string, argument: string, owner: OwnedOutput): string {
  const resolved = checkOutputDir(dir, argument);
  if (!fs.existsSync(resolved)) return resolved;
  const foreign = fs.readdirSync(resolved).filter((name) => !isAtomicTemp(name) && !owner.owns(name, path.join(resolved, name)));
  if (foreign.length > 0) {
    throw new ConfigError(`${argument} ${dir}: refusing to write into a directory that holds files ${owner.writer} does not write (${listFew(foreign.sort())})`, owner.hint ?? `point ${argument} at a new directory`);
  }
  return resolved;
}

/**
 * Checks an output file against the rule: missing, or a file `ours` recognises as written by the command before
 * (a directory or another file there is the user's). Returns its absolute path.
 */
export function checkOwnedOutputFile(file: string, argument: string, writer: string, ours: (file: string) => boolean): string {
  const resolved = path.resolve(file);
  checkOutputDir(path.dirname(resolved), argument);
  if (!fs.existsSync(resolved)) return resolved;
  if (fs.statSync(resolved).isDirectory()) throw new ConfigError(`${argument} ${file}: is a directory; refusing to replace it by a file`, `point ${argument} at a file path`);
  if (!ours(resolved)) throw new ConfigError(`${argument} ${file}: refusing to replace a file ${writer} did not write`, `point ${argument} at a new file, or remove that one`);
  return resolved;
}

/** Whether `inner` is `outer` or lies below it (both absolute). */
export function isWithin(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * Refuses an output directory that is the input's folder or holds it: writing there would replace the user's
 * input (a model's model.json and shards). `input` is named in the message, e.g. "the model folder".
 */
export function checkOutsideInput(out: string, argument: string, inputDir: string, input: string): void {
  const o = path.resolve(out);
  const i = path.resolve(inputDir);
  if (o === i) throw new ConfigError(`${argument} ${out}: is ${input} ${inputDir}; writing there would replace it`, `point ${argument} at a directory of its own`);
  if (isWithin(i, o)) throw new ConfigError(`${argument} ${out}: holds ${input} ${inputDir}; writing there could replace it`, `point ${argument} at a directory of its own`);
}
