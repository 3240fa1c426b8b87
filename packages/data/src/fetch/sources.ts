import { ConfigError } from '@l2p/runtime';
import type { FetchSource } from '../datasets/dataset-entry';
import { DATASETS } from '../datasets/registry';

/** The downloadable data sets (entries with a `fetch`), in registry order: what the fetch script takes. */
export function fetchableDatasets(): string[] {
  return DATASETS.all()
    .filter((e) => e.fetch !== undefined)
    .map((e) => e.name);
}

export function isFetchableDataset(name: string): boolean {
  return DATASETS.has(name) && DATASETS.get(name).fetch !== undefined;
}

/** Where a downloadable set comes from, its published checksum and what its archive contains. */
export function datasetSource(name: string): FetchSource {
  const source = DATASETS.has(name) ? DATASETS.get(name).fetch : undefined;
  if (!source) throw new ConfigError(`data set must be one of ${fetchableDatasets().join(', ')} (the downloadable ones), got ${name}`);
  return source;
}
