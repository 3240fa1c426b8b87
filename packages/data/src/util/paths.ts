import * as fs from 'fs';
import * as path from 'path';

/** The repository root, found from this file's location so that commands work from any working directory. */
export const workspaceRoot = path.resolve(__dirname, '../../../..');

export function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
