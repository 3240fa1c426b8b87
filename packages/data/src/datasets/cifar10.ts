import * as path from 'path';
import { workspaceRoot } from '@l2p/runtime';
import { cifar10Layout } from '../cifar10/inspect';
import { CIFAR10_DIR } from '../cifar10/layout';
import { loadCifar10 } from '../cifar10/read';
import type { DatasetEntry } from './dataset-entry';

const root = (): string => path.join(workspaceRoot(), 'datasets', 'cifar10');

export const cifar10: DatasetEntry = {
  name: 'cifar10',
  task: 'classification',
  description: 'CIFAR-10 (the binary version), from datasets/cifar10',
  defaultRoot: () => ({ path: path.join(root(), CIFAR10_DIR) }),
  fetch: {
    url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
    md5: 'c32a1d4ab5d03f1284b67883e8d87530',
    expect: `${CIFAR10_DIR}/data_batch_1.bin`,
  },
  layout: cifar10Layout,
  async open(options) {
    const data = loadCifar10(options.root ?? root());
    return { task: 'classification', data, files: data.files };
  },
};
