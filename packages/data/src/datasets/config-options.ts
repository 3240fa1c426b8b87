import type { z } from 'zod';
import type { DatasetEntry, DatasetOption } from './dataset-entry';
import { DATASETS } from './registry';

interface OwnedOption {
  readonly owner: DatasetEntry;
  readonly option: DatasetOption;
}

/** Each set-specific `dataset` key and the one set that takes it; a key two sets declare is a registry error. */
export function datasetOptionOwners(): Map<string, OwnedOption> {
  const owners = new Map<string, OwnedOption>();
  for (const entry of DATASETS.all()) {
    for (const [key, option] of Object.entries(entry.options ?? {})) {
      const other = owners.get(key);
      if (other) throw new Error(`data set registry: dataset.${key} is declared by both '${other.owner.name}' and '${entry.name}'`);
      owners.set(key, { owner: entry, option });
    }
  }
  return owners;
}

/** The set-specific keys, in registry order. */
export function datasetOptionKeys(): string[] {
  return [...datasetOptionOwners().keys()];
}

/** The zod shape of the set-specific keys, each optional: what the experiment schema's `dataset` block adds. */
export function datasetOptionShape(): Record<string, z.ZodOptional<z.ZodType<unknown>>> {
  return Object.fromEntries([...datasetOptionOwners()].map(([key, { option }]) => [key, option.schema.optional()]));
}

/**
 * What is wrong with a `dataset` block's set-specific keys, under one rule: a key given to a set it does not belong
 * to is an error naming the key and both sets; a key of the named set is checked by the set's own rules.
 */
export function datasetOptionProblems(dataset: { readonly name: string; readonly cropSize?: number; readonly [key: string]: unknown }): { key: string; message: string }[] {
  return [...datasetOptionOwners()].flatMap(([key, { owner, option }]) => {
    const value = dataset[key];
    if (value === undefined) return [];
    if (owner.name !== dataset.name) return [{ key, message: `only '${owner.name}' takes ${key}, not '${dataset.name}'` }];
    return (option.problems?.(value, dataset) ?? []).map((message) => ({ key, message }));
  });
}

/** The set-specific keys a `dataset` block gives, as `DatasetOpenOptions.setOptions` hands them to the set's `open`. */
export function datasetSetOptions(dataset: { readonly [key: string]: unknown }): Record<string, unknown> {
  return Object.fromEntries(datasetOptionKeys().flatMap((key) => (dataset[key] === undefined ? [] : [[key, dataset[key]]])));
}
