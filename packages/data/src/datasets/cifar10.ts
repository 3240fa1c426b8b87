import * as path from 'path';
import { workspaceRoot } from '@l2p/runtime';
import { CIFAR10_DIR, CIFAR10_FETCH_COMMAND } from '../cifar10/layout';
import { loadCifar10 } from '../cifar10/read';
import type { DatasetEntry } from './dataset-entry';

const root = (): string => path.join(workspaceRoot(), 'datasets', 'cifar10');

export const cifar10: DatasetEntry = {
  name: 'cifar10',
  task: 'classification',
  description: 'CIFAR-10 (the binary version), from datasets/cifar10',
  defaultRoot: () => ({ path: path.join(root(), CIFAR10_DIR), fetch: `npx ${CIFAR10_FETCH_COMMAND}` }),
  async open(options) {
    const data = loadCifar10(options.root ?? root());
    return { task: 'classification', data, files: data.files };
  },
};
