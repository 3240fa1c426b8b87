/** Downloadable data sets: where each comes from, its published checksum, and what its archive contains. */
export const FETCHABLE_DATASETS = ['cifar10', 'voc2012'] as const;
export type FetchableDataset = (typeof FETCHABLE_DATASETS)[number];

export interface DatasetSource {
  readonly url: string;
  readonly md5: string;
  /** A path that must exist in the archive, relative to the destination, to call the extraction complete. */
  readonly expect: string;
}

export const DATASET_SOURCES: Readonly<Record<FetchableDataset, DatasetSource>> = {
  cifar10: {
    url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
    md5: 'c32a1d4ab5d03f1284b67883e8d87530',
    expect: 'cifar-10-batches-bin/data_batch_1.bin',
  },
  voc2012: {
    url: 'http://host.robots.ox.ac.uk/pascal/VOC/voc2012/VOCtrainval_11-May-2012.tar',
    md5: '6cd6e144f989b92b3379bac3b3de84fd',
    expect: 'VOCdevkit/VOC2012/ImageSets/Segmentation/train.txt',
  },
};

export function isFetchableDataset(name: string): name is FetchableDataset {
  return (FETCHABLE_DATASETS as readonly string[]).includes(name);
}
