import * as path from 'path';
import { ConfigError, DataMissingError } from '@l2p/runtime';
import type { DatasetEntry, DatasetLayout } from '../datasets/dataset-entry';
import { datasetFetchCommand, DATASETS } from '../datasets/registry';
import { isDirectory } from '../util/paths';
import type { DataInspection } from './summary';

export type { DataInspection, FileChecksum, SplitSummary } from './summary';

/** A data set that is read from a root, with the layout of that root. */
export type LayoutEntry = DatasetEntry & { readonly layout: DatasetLayout };

/** The data sets with a layout of their own, in registry order (the order detection tries them). */
export function layoutEntries(): LayoutEntry[] {
  return DATASETS.all().filter((e): e is LayoutEntry => e.layout !== undefined);
}

/** The names `l2p data inspect --layout` takes. */
export function dataLayoutNames(): string[] {
  return layoutEntries().map((e) => e.name);
}

/** How to get a root of some layout: the fetch commands, then the bundled sets' directories. */
function fetchHint(): string {
  const entries = layoutEntries();
  const fetches = entries.flatMap((e) => {
    const command = datasetFetchCommand(e);
    return command ? [`\`${command}\``] : [];
  });
  const bundled = entries.filter((e) => !e.fetch && e.defaultRoot).map((e) => path.relative(process.cwd(), e.defaultRoot?.().path ?? ''));
  return `fetch one with ${fetches.join(' or ')}${bundled.length > 0 ? `, or point at ${bundled.join(' or ')}` : ''}`;
}

/** The first data set (registry order) whose layout `root` holds; undefined when none does. */
export function findLayout(root: string): LayoutEntry | undefined {
  return layoutEntries().find((e) => e.layout.detect(root));
}

/** The data set whose layout `root` holds, or a DataMissingError saying what was looked for. */
function detectEntry(root: string): LayoutEntry {
  if (!isDirectory(root)) throw new DataMissingError(`data root ${root} does not exist`, fetchHint());
  const found = findLayout(root);
  if (found) return found;
  throw new DataMissingError(`data root ${root} holds no known layout (looked for ${layoutEntries().map((e) => e.layout.looksFor).join(', ')})`, fetchHint());
}

/** Which layout `root` holds, or a DataMissingError saying what was looked for. */
export function detectLayout(root: string): string {
  return detectEntry(root).name;
}

/**
 * A structured summary of a data root: its layout (detected unless given), counts per split and class, image
 * size, and md5 checksums of its files. Reads and checks every file, so a malformed one throws its typed error.
 */
export async function inspectDataRoot(root: string, layout?: string): Promise<DataInspection> {
  const entries = layoutEntries();
  const given = entries.find((e) => e.name === layout);
  if (layout !== undefined && !given) throw new ConfigError(`layout must be one of ${entries.map((e) => e.name).join(', ')}, got ${layout}`);
  const resolved = path.resolve(root);
  const entry = given ?? detectEntry(resolved);
  const facts = await entry.layout.inspect(resolved);
  return { root: resolved, layout: entry.name, detected: layout === undefined, ...facts };
}
