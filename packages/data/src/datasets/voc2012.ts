import * as path from 'path';
import { workspaceRoot } from '@l2p/runtime';
import { vocLayout } from '../voc/inspect';
import { VOC2012_DIR, VOC_DEVKIT_DIR, VOC_SPLIT_DIR } from '../voc/layout';
import { openVoc } from '../voc/read';
import type { DatasetEntry } from './dataset-entry';

const root = (): string => path.join(workspaceRoot(), 'datasets', 'voc2012');

export const voc2012: DatasetEntry = {
  name: 'voc2012',
  task: 'segmentation',
  description: 'Pascal VOC 2012 segmentation (train / val), from datasets/voc2012',
  defaultRoot: () => ({ path: path.join(root(), VOC_DEVKIT_DIR, VOC2012_DIR) }),
  fetch: {
    url: 'http://host.robots.ox.ac.uk/pascal/VOC/voc2012/VOCtrainval_11-May-2012.tar',
    md5: '6cd6e144f989b92b3379bac3b3de84fd',
    expect: `${VOC_DEVKIT_DIR}/${VOC2012_DIR}/${VOC_SPLIT_DIR}/train.txt`,
  },
  layout: vocLayout,
  async open(options) {
    const data = openVoc(options.root ?? root());
    return { task: 'segmentation', data, files: [data.root] };
  },
};
