import * as path from 'path';
import { workspaceRoot } from '@l2p/runtime';
import { VOC2012_DIR, VOC_DEVKIT_DIR, VOC_FETCH_COMMAND } from '../voc/layout';
import { openVoc } from '../voc/read';
import type { DatasetEntry } from './dataset-entry';

const root = (): string => path.join(workspaceRoot(), 'datasets', 'voc2012');

export const voc2012: DatasetEntry = {
  name: 'voc2012',
  task: 'segmentation',
  description: 'Pascal VOC 2012 segmentation (train / val), from datasets/voc2012',
  defaultRoot: () => ({ path: path.join(root(), VOC_DEVKIT_DIR, VOC2012_DIR), fetch: `npx ${VOC_FETCH_COMMAND}` }),
  async open(options) {
    const data = openVoc(options.root ?? root());
    return { task: 'segmentation', data, files: [data.root] };
  },
};
