import { ConfigError } from '@l2p/runtime';

/** How a candidate mask's accuracy p̂ is estimated, and what the accepted cut looks like before fine-tuning. */
export interface ScoringOptions {
  /**
   * - 'moving': the network with the mask applied and every BN layer on the moving statistics it was trained
   *   with (the paper's plain "try the mask" scoring). Deep cuts look far worse than they end up after recovery,
   *   because the BN layers after the cut normalise with statistics of a network that no longer exists.
   * - 'recalibrate': the BN layers after the cut re-estimate their statistics on the run's train sample with the
   *   mask applied ("adaptive BN", EagleEye, ECCV 2020), a cheap and faithful predictor of the accuracy after
   *   fine-tuning. The accepted cut is recalibrated the same way before it is fine-tuned, so the network the
   *   agent judged is the one that is fine-tuned.
   * Paper note: the paper scores candidates directly ('moving'); it has no BN discussion.
   */
  batchNorm: 'moving' | 'recalibrate';
  /**
   * Re-estimate every BN layer's statistics on the run's train sample after each fine-tuning (per layer and final),
   * whenever the run has one. A short fine-tuning leaves BN running averages made of a few noisy mini-batches of
   * weights that kept moving; population statistics of the final weights are what inference should use.
   */
  afterFineTune: boolean;
}

export const DEFAULT_SCORING_OPTIONS: Readonly<ScoringOptions> = Object.freeze({ batchNorm: 'recalibrate', afterFineTune: true });

export function resolveScoringOptions(partial: Partial<ScoringOptions> = {}): ScoringOptions {
  const o: ScoringOptions = { ...DEFAULT_SCORING_OPTIONS, ...partial };
  if (o.batchNorm !== 'moving' && o.batchNorm !== 'recalibrate') {
    throw new ConfigError(`scoring.batchNorm must be 'moving' or 'recalibrate', got ${JSON.stringify(o.batchNorm)}`);
  }
  return o;
}
