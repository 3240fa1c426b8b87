import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tar from 'tar';
import { ensureDir } from '@l2p/runtime';
import { md5File } from '../util/md5';
import { generateCifar10 } from './cifar10';

/** Packs `entries` (relative to `cwd`) into `file`, gzipped when the name ends in .gz; returns its md5 and size. */
export async function createTarball(cwd: string, entries: string[], file: string): Promise<{ file: string; md5: string; bytes: number }> {
  ensureDir(path.dirname(file));
  // portable + a fixed mtime: the same tree gives the same bytes, so checksums are reproducible.
  await tar.c({ cwd, file, gzip: file.endsWith('.gz'), portable: true, mtime: new Date(0) }, entries);
  return { file, md5: await md5File(file), bytes: fs.statSync(file).size };
}

/** A cifar-10-binary.tar.gz look-alike holding a small generated CIFAR-10 tree, for the fetch tests. */
export async function generateCifar10Tarball(file: string, options: { seed: number; recordsPerFile: number }) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-cifar-tar-'));
  try {
    await generateCifar10(work, options);
    return await createTarball(work, ['cifar-10-batches-bin'], file);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
