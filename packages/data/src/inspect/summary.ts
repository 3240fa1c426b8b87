import * as fs from 'fs';
import * as path from 'path';
import { classHistogram } from '../classification/split';
import type { ClassificationDataset } from '../classification/types';
import type { LayoutFacts } from '../datasets/dataset-entry';
import { md5File } from '../util/md5';

export interface FileChecksum {
  /** Relative to the inspected root. */
  readonly path: string;
  readonly bytes: number;
  readonly md5: string;
  /** The published file's md5, where one is known (MNIST). */
  readonly expectedMd5?: string;
}

export interface SplitSummary {
  readonly name: string;
  readonly count: number;
  /** Per class: images of the class (classification) or images containing the class (segmentation). */
  readonly classCounts: readonly number[];
}

export interface DataInspection {
  readonly root: string;
  /** The name of the data set whose layout the root holds (an entry of DATASETS with a `layout`). */
  readonly layout: string;
  /** True when the layout was detected rather than given. */
  readonly detected: boolean;
  readonly classNames: readonly string[];
  /** What `classCounts` count. */
  readonly classCountUnit: 'images' | 'images containing the class';
  readonly image: { readonly minHeight: number; readonly maxHeight: number; readonly minWidth: number; readonly maxWidth: number; readonly channels: number };
  readonly splits: readonly SplitSummary[];
  readonly files: readonly FileChecksum[];
  readonly notes: readonly string[];
}

/** One file's size and md5, its path relative to the inspected root. */
export async function checksum(root: string, file: string, expectedMd5?: string): Promise<FileChecksum> {
  return { path: path.relative(root, file), bytes: fs.statSync(file).size, md5: await md5File(file), ...(expectedMd5 ? { expectedMd5 } : {}) };
}

/** The facts of a classification set: one image size, train and test counts per class. */
export function classificationFacts(ds: ClassificationDataset, files: FileChecksum[], notes: string[]): LayoutFacts {
  const t = ds.train;
  return {
    classNames: t.classNames,
    classCountUnit: 'images',
    image: { minHeight: t.height, maxHeight: t.height, minWidth: t.width, maxWidth: t.width, channels: t.channels },
    splits: [
      { name: 'train', count: t.count, classCounts: classHistogram(t.labels, t.classes) },
      { name: 'test', count: ds.test.count, classCounts: classHistogram(ds.test.labels, ds.test.classes) },
    ],
    files,
    notes,
  };
}
