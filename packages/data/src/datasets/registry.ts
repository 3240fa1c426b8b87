import { defineRegistry } from '@l2p/runtime';
import { cifar10 } from './cifar10';
import type { DatasetEntry } from './dataset-entry';
import { generatedCifar10 } from './generated-cifar10';
import { generatedVoc } from './generated-voc';
import { mnist } from './mnist';
import { mnistSeg } from './mnist-seg';
import { voc2012 } from './voc2012';

// To add a data set: a file (or a folder, when it brings its own reader) in this folder exporting a DatasetEntry,
// and one line here. Everything that knows data sets reads this list: the experiment schema (`dataset.name` and
// the keys of one set alone), `l2p train --dataset`, `l2p info`, the fetch script, `l2p data inspect` and
// `l2p prune --data` (the layouts), and the conformance test (datasets.spec.ts), which says what else an entry needs.
export const DATASETS = defineRegistry<DatasetEntry>('data set', [cifar10, mnist, voc2012, generatedCifar10, generatedVoc, mnistSeg]);

/** The set that needs no download and no generation: the default of `l2p train --dataset`. */
export const DEFAULT_DATASET = mnist.name;

/** The command that downloads a set (`datasets/project.json` has one target per set with a `fetch`, named after it). */
export function datasetFetchCommand(entry: DatasetEntry): string | undefined {
  return entry.fetch ? `nx run datasets:${entry.name}` : undefined;
}
