import { defineRegistry } from '@l2p/runtime';
import { cifar10 } from './cifar10';
import type { DatasetEntry } from './dataset-entry';
import { generatedCifar10 } from './generated-cifar10';
import { generatedVoc } from './generated-voc';
import { mnist } from './mnist';
import { mnistSeg } from './mnist-seg';
import { voc2012 } from './voc2012';

// To add a data set: a file in this folder exporting a DatasetEntry (a generator or a reader behind `open`), and
// one line here. The experiment schema (`dataset.name`), `l2p train --dataset` and `l2p info` read this list.
export const DATASETS = defineRegistry<DatasetEntry>('data set', [cifar10, mnist, voc2012, generatedCifar10, generatedVoc, mnistSeg]);
