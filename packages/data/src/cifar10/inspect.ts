import * as path from 'path';
import type { DatasetLayout } from '../datasets/dataset-entry';
import { checksum, classificationFacts } from '../inspect/summary';
import { isDirectory, isFile } from '../util/paths';
import { CIFAR10_DIR, CIFAR10_GENERATED_FILE, CIFAR10_RECORDS_PER_FILE, CIFAR10_TRAIN_FILES } from './layout';
import { loadCifar10 } from './read';

/** CIFAR-10's binary layout: `cifar-10-batches-bin/` as extracted, or the batch files themselves. */
export const cifar10Layout: DatasetLayout = {
  title: 'CIFAR-10 binary',
  looksFor: `${CIFAR10_DIR}/${CIFAR10_TRAIN_FILES[0]}`,
  // The directory alone is enough: a root with a damaged or partial cifar-10-batches-bin/ is then read as CIFAR-10,
  // whose reader names the missing file, rather than as some other layout.
  detect: (root) => isDirectory(path.join(root, CIFAR10_DIR)) || isFile(path.join(root, CIFAR10_TRAIN_FILES[0])),
  async inspect(root) {
    // The record count comes from the set (generated ones declare theirs), never from one of its files, so a
    // damaged file is the one blamed.
    const ds = loadCifar10(root);
    const records = ds.test.count;
    const notes = records === CIFAR10_RECORDS_PER_FILE ? [] : [`${records} records per batch file, as declared in ${CIFAR10_GENERATED_FILE} (the published files hold ${CIFAR10_RECORDS_PER_FILE.toLocaleString('en-US')})`];
    const files = await Promise.all(ds.files.map((f) => checksum(root, f)));
    return classificationFacts(ds, files, notes);
  },
  userData: { recordAs: 'cifar10', read: (root) => loadCifar10(root) },
};
