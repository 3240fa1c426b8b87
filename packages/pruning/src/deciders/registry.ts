import { defineRegistry } from '@l2p/runtime';
import { agentDecider } from './agent';
import { criterionDecider } from './criterion';
import { Decider } from './decider';
import { l1Norm } from './l1-norm';
import { randomCriterion } from './random';
import { taylor } from './taylor';

// To add a method: write a FilterCriterion (or a Decider) in its own file and list it here once. Everything else —
// the experiment schema, `--method`/`--methods` choices, job ids, the report's method order — reads this list.
export const DECIDERS = defineRegistry<Decider>('pruning method', [
  agentDecider,
  criterionDecider(randomCriterion),
  criterionDecider(l1Norm),
  criterionDecider(taylor),
]);

export function deciderFor(name: string): Decider {
  return DECIDERS.get(name);
}
