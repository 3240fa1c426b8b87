import { ConfigError } from '@l2p/runtime';
import { agentDecider } from './agent';
import { criterionDecider } from './criterion';
import { Decider } from './decider';
import { l1Norm } from './l1-norm';
import { randomCriterion } from './random';
import { taylor } from './taylor';

/** A name → item registry that refuses duplicate names (stricter than tfjs's warning). */
export function defineRegistry<T extends { name: string }>(kind: string, items: readonly T[]): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(item.name)) throw new Error(`duplicate ${kind} '${item.name}'`);
    map.set(item.name, item);
  }
  return map;
}

// To add a method: write a FilterCriterion (or a Decider) in its own file and list it here once.
export const DECIDERS = defineRegistry<Decider>('pruning method', [
  agentDecider,
  criterionDecider(randomCriterion),
  criterionDecider(l1Norm),
  criterionDecider(taylor),
]);

export const METHOD_NAMES = ['agent', 'random', 'l1', 'taylor'] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

export function deciderFor(name: string): Decider {
  const decider = DECIDERS.get(name);
  if (!decider) throw new ConfigError(`unknown pruning method '${name}'`, `methods: ${[...DECIDERS.keys()].join(', ')}`);
  return decider;
}
