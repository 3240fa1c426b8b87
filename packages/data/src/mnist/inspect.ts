import * as fs from 'fs';
import * as path from 'path';
import type { DatasetLayout } from '../datasets/dataset-entry';
import { checksum, classificationFacts } from '../inspect/summary';
import { MNIST_MD5 } from './checksums';
import { loadMnist, resolveMnistFiles } from './read';

/** Any IDX file of MNIST's naming: a root holding one is read as IDX, whose reader names the files it lacks. */
const IDX_FILE = /-idx[13]-ubyte(\.gz)?$/;

/** MNIST's IDX layout: the four (optionally gzipped) IDX files in one directory; any IDX set so laid out. */
export const mnistLayout: DatasetLayout = {
  title: 'MNIST IDX',
  looksFor: '*-idx[13]-ubyte[.gz]',
  detect: (root) => fs.readdirSync(root).some((f) => IDX_FILE.test(f)),
  async inspect(root) {
    const found = resolveMnistFiles(root);
    const ds = loadMnist({ dir: root, verify: false });
    const files = await Promise.all(Object.values(found).map((f) => checksum(root, f, MNIST_MD5[path.basename(f)])));
    const differing = files.filter((f) => f.expectedMd5 !== undefined && f.md5 !== f.expectedMd5);
    const notes = differing.length > 0 ? [`${differing.map((f) => f.path).join(', ')}: not the original MNIST files (md5 differs)`] : ['all four files match the original MNIST md5s'];
    return classificationFacts(ds, files, notes);
  },
  // 'idx', not 'mnist': a user's IDX root need not hold MNIST (runs made before the registry recorded it so).
  userData: { recordAs: 'idx', read: (root) => loadMnist({ dir: root }) },
};
