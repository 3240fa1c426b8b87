import type { ModelDescription } from '@l2p/models';

/**
 * A fixed pruning plan from the literature: how many filters each layer keeps, with L1 selection. One file per plan,
 * listed once in `REFERENCE_PLANS` (registry.ts); the experiment schema's `references`, job ids and the report's
 * method order read that list.
 */
export interface ReferencePlan {
  readonly name: string;
  readonly description: string;
  /** Filters each listed layer keeps in `description`'s network; a ConfigError when the plan does not apply to it. */
  keepCounts(description: ModelDescription): Record<string, number>;
}
