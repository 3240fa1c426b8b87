import { parseOptions } from '@l2p/runtime';
import { z } from 'zod';

/** How the BN layers after a cut are treated when a candidate is scored (see scoringOptionsSchema.batchNorm). */
export const BN_SCORING = ['moving', 'recalibrate'] as const;
export type BnScoring = (typeof BN_SCORING)[number];

/**
 * How a candidate mask's accuracy p̂ is estimated, and what the accepted cut looks like before fine-tuning: the
 * experiment schema's `scoring` block, and PruneRunOptions.scoring.
 */
export const scoringOptionsSchema = z
  .object({
    /**
     * - 'moving': the network with the mask applied and every BN layer on the moving statistics it was trained
     *   with (the paper's plain "try the mask" scoring). Deep cuts look far worse than they end up after recovery,
     *   because the BN layers after the cut normalise with statistics of a network that no longer exists.
     * - 'recalibrate' (default): the BN layers after the cut re-estimate their statistics on the run's train sample
     *   with the mask applied ("adaptive BN", EagleEye, ECCV 2020), a cheap and faithful predictor of the accuracy
     *   after fine-tuning. The accepted cut is recalibrated the same way before it is fine-tuned, so the network the
     *   agent judged is the one that is fine-tuned.
     * Paper note: the paper scores candidates directly ('moving'); it has no BN discussion.
     */
    batchNorm: z.enum(BN_SCORING).default('recalibrate'),
    /**
     * Re-estimate every BN layer's statistics on the run's train sample after each fine-tuning (per layer and final),
     * whenever the run has one. A short fine-tuning leaves BN running averages made of a few noisy mini-batches of
     * weights that kept moving; population statistics of the final weights are what inference should use. Default on.
     */
    afterFineTune: z.boolean().default(true),
  })
  .strict();

export type ScoringOptions = z.output<typeof scoringOptionsSchema>;
/** Scoring options as written: every key may be left to its default. */
export type ScoringOptionsInput = z.input<typeof scoringOptionsSchema>;

export const DEFAULT_SCORING_OPTIONS: Readonly<ScoringOptions> = Object.freeze(scoringOptionsSchema.parse({}));

/** The options with their defaults filled in; a bad value throws a ConfigError naming `scoring.<key>`. */
export function resolveScoringOptions(partial: ScoringOptionsInput = {}): ScoringOptions {
  return parseOptions(scoringOptionsSchema, partial, 'scoring');
}
