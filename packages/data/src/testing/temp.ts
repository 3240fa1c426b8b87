import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A fresh directory under the OS temp dir, for one test file; remove it in afterAll. */
export function makeTempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `l2p-data-${label}-`));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
