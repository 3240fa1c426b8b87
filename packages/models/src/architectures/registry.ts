import { ConfigError } from '@l2p/runtime';

export interface Registry<T extends { name: string }> {
  get(name: string): T;
  has(name: string): boolean;
  names(): string[];
  all(): T[];
}

/** A name → record list; duplicate names are a programming error and throw at load time. */
export function defineRegistry<T extends { name: string }>(what: string, items: T[]): Registry<T> {
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
