import * as fs from 'fs';
import * as path from 'path';
import * as tar from 'tar';
import { DataFormatError, ensureDir } from '@l2p/runtime';

/**
 * Extracts a .tar or .tar.gz into `dest` without ever leaving a half-extracted tree: everything goes to a
 * temporary directory beside the destination first, and each top-level entry is then renamed into place
 * (replacing an older copy). `expect`, a path relative to the archive root, must be in the archive.
 * Returns the top-level entries. tar refuses absolute paths and `..` entries.
 */
export async function extractArchive(archive: string, dest: string, expect?: string): Promise<string[]> {
  ensureDir(dest);
  const temp = fs.mkdtempSync(path.join(dest, '.extract-'));
  try {
    try {
      await tar.x({ file: archive, cwd: temp, strict: true });
    } catch (err) {
      throw new DataFormatError(`${archive}: cannot extract archive (${(err as Error).message})`);
    }
    if (expect && !fs.existsSync(path.join(temp, expect))) {
      throw new DataFormatError(`${archive}: archive does not contain ${expect}, so it is not the expected data set`);
    }
    const entries = fs.readdirSync(temp).sort();
    for (const entry of entries) {
      const target = path.join(dest, entry);
      const old = fs.existsSync(target) ? path.join(temp, `.old-${entry}`) : undefined;
      if (old) fs.renameSync(target, old);
      fs.renameSync(path.join(temp, entry), target);
    }
    return entries;
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}
