import { ConfigError } from './errors';

/**
 * A name → record list: the one place a kind of extension (architecture, data set, pruning method, executor) is
 * listed. Everything that needs the names (config schemas, `--help` choices, error messages) reads them from here.
 */
export interface Registry<T extends { name: string }> {
  /** The record of `name`; a ConfigError naming the kind, the value and the choices when there is none. */
  get(name: string): T;
  has(name: string): boolean;
  /** Names in the order the records were listed. */
  names(): string[];
  all(): T[];
}

/** A registry of `items`; a duplicate name is a programming error and throws at load time. */
export function defineRegistry<T extends { name: string }>(what: string, items: readonly T[]): Registry<T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(item.name)) throw new Error(`${what} registry: duplicate name '${item.name}'`);
    map.set(item.name, item);
  }
  return {
    get(name) {
      const item = map.get(name);
      if (!item) throw new ConfigError(`unknown ${what} '${name}'; choose one of: ${[...map.keys()].join(', ')}`);
      return item;
    },
    has: (name) => map.has(name),
    names: () => [...map.keys()],
    all: () => [...map.values()],
  };
}
