import { ConfigError } from '@l2p/runtime';
import { Mask } from '../agent/masks';
import { Decider, DeciderContext } from './decider';

/** A filter-importance criterion: higher score = more worth keeping. */
export interface FilterCriterion {
  readonly name: string;
  readonly description: string;
  score(context: DeciderContext): Promise<Float64Array>;
}

/** Keeps the `count` highest-scoring filters (ties broken by lower index, so results are deterministic). */
export function topKMask(scores: Float64Array, count: number): Mask {
  const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
  const mask = new Uint8Array(scores.length);
  for (const i of order.slice(0, count)) mask[i] = 1;
  return mask;
}

/** A decider that keeps the top `keepCount` filters by a criterion, and measures the result. */
export function criterionDecider(criterion: FilterCriterion): Decider {
  return {
    name: criterion.name,
    needsCount: true,
    description: criterion.description,
    async decide(ctx) {
      const count = ctx.keepCount;
      if (count === undefined || !Number.isInteger(count) || count < 1 || count > ctx.n) {
        throw new ConfigError(`${criterion.name} on '${ctx.layer}' needs a keep count in [1, ${ctx.n}], got ${count}`);
      }
      const mask = topKMask(await criterion.score(ctx), count);
      const [pHat] = await ctx.evaluator().evaluate([mask]);
      return { mask, pHat };
    },
  };
}
