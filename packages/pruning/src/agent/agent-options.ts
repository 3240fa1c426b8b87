import { parseOptions } from '@l2p/runtime';
import { z } from 'zod';

/** How an update's advantages are centred (see AgentOptions.baseline). */
export const AGENT_BASELINES = ['mean', 'leave-one-out', 'none'] as const;
export type AgentBaseline = (typeof AGENT_BASELINES)[number];

const positiveInt = z.number().int().positive();

/**
 * Settings of one layer's pruning agent and its REINFORCE training: the one place their rules and defaults are
 * written. AgentOptions is inferred from it; the experiment schema's `agent` block is this schema. Where the
 * paper is silent the default is ours, marked "Paper note". The agent's network sizes are constants in
 * policy-network.ts (no experiment varied them).
 */
export const agentOptionsSchema = z
  .object({
    /**
     * Keep-probability every filter starts at (set through the output bias). Paper note: not given. 0.5: the
     * first samples remove about half the filters, so the agent learns which filters matter from the start
     * instead of creeping down from "keep all" (at 0.9 most demo agents still kept 65–90 % after 35 updates).
     * Scored with BN recalibration (ScoringOptions), half-masks are informative rather than catastrophic.
     */
    initialKeepProbability: z.number().gt(0).lt(1).default(0.5),
    /**
     * Add one trainable logit shared by every filter of the layer. Paper note: not in the paper; a
     * reparametrisation (the same policies are reachable without it) that changes how Adam moves them. Each
     * filter's own bias sees a weak, noisy signal (one filter changes φ by a 1/N share), so the layer's overall
     * keep rate drifts slowly; the shared logit's gradient is Σ advantage·(kept − E[kept]), strongly tied to φ,
     * so the agent learns how much to prune within a few updates while the per-filter terms learn which filters.
     * On by default: in the demo ablation (pruning README, row K against F) it pruned more at both budgets.
     */
    sharedOffset: z.boolean().default(true),
    /** Masks sampled per update (M_s). Paper note: not given; 8. */
    samplesPerUpdate: z.number().int().min(2).default(8),
    /**
     * Reward images each update scores its masks on: null = the whole split; a number = one random run of that
     * many images per update, shared by the update's masks, with a paired correction (see MaskScorer). Cheaper
     * updates at the price of noisier p̂; the decision is always scored on the whole split. Paper note: the paper
     * evaluates on its held-out set; the window is ours. Default null.
     */
    rewardImagesPerUpdate: positiveInt.nullable().default(null),
    /**
     * Adam learning rate. Paper note: not given. 0.1 with the policy's unit-norm hidden features and normalised
     * advantages: the demo's agents decide within 20–40 updates (see the ablation in the pruning README).
     */
    learningRate: z.number().positive().default(0.1),
    /**
     * Advantage = R − mean(R of the update's samples) ('mean'), R − mean(R of the update's other samples)
     * ('leave-one-out': unbiased, which matters with few samples per update; the default), or R itself ('none').
     */
    baseline: z.enum(AGENT_BASELINES).default('leave-one-out'),
    /**
     * Divide advantages by the std of the update's rewards. On by default: rewards of one layer span orders of
     * magnitude over training (very negative while masks break b, small near the optimum), and Adam's steps
     * should not depend on that scale.
     */
    normalizeAdvantage: z.boolean().default(true),
    /** Never stop before this many updates (a high initial keep-probability makes "keep all" look stable). Default 10. */
    minUpdates: positiveInt.default(10),
    /** Stop after this many updates whatever happens; at least minUpdates. Default 200. */
    maxUpdates: positiveInt.default(200),
    /** Stop when the thresholded mask has not changed for this many updates (and minUpdates is reached). Default 5. */
    stableUpdates: positiveInt.default(5),
    /**
     * How many filters, as a fraction of N (rounded down), the thresholded mask may differ by from each of the last
     * `stableUpdates` masks and still count as unchanged. 0 = exactly unchanged. In a wide layer a few filters
     * matter so little that their keep-probabilities hover near 0.5 and flip the thresholded mask forever; the
     * decision is made all the same. Paper note: the stopping rule is ours. Default 0.05.
     */
    stableTolerance: z.number().min(0).lt(0.5).default(0.05),
    /** ...and the keep-probabilities moved on average less than this over those updates. Default 0.03. */
    stableDrift: z.number().positive().default(0.03),
    /** Stop when every keep-probability is within this distance of 0 or 1 (and minUpdates is reached). Default 0.1. */
    convergenceEpsilon: z.number().gt(0).lt(0.5).default(0.1),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.maxUpdates < o.minUpdates) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['maxUpdates'], message: `must be ≥ minUpdates (${o.minUpdates})` });
    }
  });

export type AgentOptions = z.output<typeof agentOptionsSchema>;
/** Agent options as written: every key may be left to its default. */
export type AgentOptionsInput = z.input<typeof agentOptionsSchema>;

export const DEFAULT_AGENT_OPTIONS: Readonly<AgentOptions> = Object.freeze(agentOptionsSchema.parse({}));

/** The options with their defaults filled in; a bad value throws a ConfigError naming `agent.<key>`. */
export function resolveAgentOptions(partial: AgentOptionsInput = {}): AgentOptions {
  return parseOptions(agentOptionsSchema, partial, 'agent');
}
