import * as fs from 'fs';
import * as path from 'path';
import { L2pError } from './errors';
import { ensureDir } from './output-location';

/**
 * Atomic file writes: data goes to a temporary file beside the target, is flushed to disk, and is renamed over
 * the target. A crash at any moment leaves either the old file or the new one, never a torn one.
 */
let counter = 0;

function tempPathFor(target: string): string {
  counter += 1;
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}-${counter}`);
}

export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  ensureDir(path.dirname(target));
  const temp = tempPathFor(target);
  const fd = fs.openSync(temp, 'w');
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  fs.renameSync(temp, target);
}

export function writeJsonAtomic(target: string, value: unknown): void {
  writeFileAtomic(target, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Replaces a whole directory atomically: `fill` writes into a fresh temporary directory, which then takes the
 * target's place. Used for checkpoints made of several files (model.json + weight shards).
 */
export function writeDirAtomic(target: string, fill: (tempDir: string) => void | Promise<void>): Promise<void> {
  return (async () => {
    ensureDir(path.dirname(target));
    // Only a directory is replaced by a directory: a file there is someone's, never renamed away and deleted.
    if (fs.existsSync(target) && !fs.statSync(target).isDirectory()) throw new L2pError(`${target}: is a file; refusing to replace it by a directory`);
    const temp = tempPathFor(target);
    fs.mkdirSync(temp);
    try {
      await fill(temp);
    } catch (err) {
      fs.rmSync(temp, { recursive: true, force: true });
      throw err;
    }
    const old = fs.existsSync(target) ? tempPathFor(`${target}.old`) : undefined;
    if (old) fs.renameSync(target, old);
    fs.renameSync(temp, target);
    if (old) fs.rmSync(old, { recursive: true, force: true });
  })();
}

export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}
