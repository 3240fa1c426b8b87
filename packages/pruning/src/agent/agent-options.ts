import { ConfigError } from '@l2p/runtime';

/**
 * Settings of one layer's pruning agent and its REINFORCE training. Where the paper is silent the default is
 * ours, marked "Paper note".
 */
export interface AgentOptions {
  /**
   * Output channels of each 7×7 conv + ReLU + 2×2 max-pool stage over the N×M weight "image" (used when
   * M > fcOnlyMaxM). Paper note: the paper alternates 7×7 convolutions and pooling but gives no counts; two small
   * stages keep the agent cheap next to candidate evaluation.
   */
  convChannels: number[];
  /** Layers whose filters have at most this many weights get two fully connected layers only (paper: 16). */
  fcOnlyMaxM: number;
  /**
   * After the conv stages the feature map is average-pooled to at most poolGrid × poolGrid cells so the first
   * fully connected layer stays small for wide layers (512 × 4608 inputs). Paper note: not in the paper.
   */
  poolGrid: number;
  /** Width of the hidden fully connected layer. Paper note: not given; 64. */
  hidden: number;
  /**
   * Keep-probability every filter starts at (set through the output bias). Paper note: not given. 0.5: the
   * first samples remove about half the filters, so the agent learns which filters matter from the start
   * instead of creeping down from "keep all" (at 0.9 most demo agents still kept 65–90 % after 35 updates).
   * Scored with BN recalibration (ScoringOptions), half-masks are informative rather than catastrophic.
   */
  initialKeepProbability: number;
  /**
   * Add one trainable logit shared by every filter of the layer. Paper note: not in the paper; a
   * reparametrisation (the same policies are reachable without it) that changes how Adam moves them. Each
   * filter's own bias sees a weak, noisy signal (one filter changes φ by a 1/N share), so the layer's overall
   * keep rate drifts slowly; the shared logit's gradient is Σ advantage·(kept − E[kept]), strongly tied to φ,
   * so the agent learns how much to prune within a few updates while the per-filter terms learn which filters.
   */
  sharedOffset: boolean;
  /** Masks sampled per update (M_s). Paper note: not given; 8. */
  samplesPerUpdate: number;
  /**
   * Reward images each update scores its masks on: null = the whole split; a number = one random run of that
   * many images per update, shared by the update's masks, with a paired correction (see MaskScorer). Cheaper
   * updates at the price of noisier p̂; the decision is always scored on the whole split. Paper note: the paper
   * evaluates on its held-out set; the window is ours.
   */
  rewardImagesPerUpdate: number | null;
  /**
   * Adam learning rate. Paper note: not given. 0.1 with the policy's unit-norm hidden features and normalised
   * advantages: the demo's agents decide within 20–40 updates (see the ablation in the pruning README).
   */
  learningRate: number;
  /**
   * Advantage = R − mean(R of the update's samples) ('mean'), R − mean(R of the update's other samples)
   * ('leave-one-out': unbiased, which matters with few samples per update), or R itself ('none').
   */
  baseline: 'mean' | 'leave-one-out' | 'none';
  /**
   * Divide advantages by the std of the update's rewards. On by default: rewards of one layer span orders of
   * magnitude over training (very negative while masks break b, small near the optimum), and Adam's steps
   * should not depend on that scale.
   */
  normalizeAdvantage: boolean;
  /**
   * Weight of a bonus on the mean per-filter Bernoulli entropy, subtracted from the REINFORCE loss. Paper note:
   * not in the paper. Without it a network policy trained by Adam saturates within a few dozen updates on
   * whichever mask the first noisy rewards favoured; a small bonus keeps it exploring until rewards agree.
   */
  entropyBonus: number;
  /** Clip ψ below at this value (null: no clipping, the default). */
  clipPsiLower: number | null;
  /** Never stop before this many updates (a high initial keep-probability makes "keep all" look stable). */
  minUpdates: number;
  /** Stop after this many updates whatever happens. */
  maxUpdates: number;
  /** Stop when the thresholded mask has not changed for this many updates (and minUpdates is reached). */
  stableUpdates: number;
  /**
   * How many filters, as a fraction of N (rounded down), the thresholded mask may differ by from each of the last
   * `stableUpdates` masks and still count as unchanged. 0 = exactly unchanged. In a wide layer a few filters
   * matter so little that their keep-probabilities hover near 0.5 and flip the thresholded mask forever; the
   * decision is made all the same. Paper note: the stopping rule is ours.
   */
  stableTolerance: number;
  /** ...and the keep-probabilities moved on average less than this over those updates. */
  stableDrift: number;
  /** Stop when every keep-probability is within this distance of 0 or 1 (and minUpdates is reached). */
  convergenceEpsilon: number;
  /**
   * What to do when the thresholded mask drops accuracy by more than b at the moment of decision:
   * 'best-sample' takes the best-rewarded sampled mask that stayed within b (or keeps all filters if none did);
   * 'accept' applies it anyway (the paper's plain procedure; the violation is still recorded).
   */
  onViolation: 'best-sample' | 'accept';
}

export const DEFAULT_AGENT_OPTIONS: Readonly<AgentOptions> = Object.freeze({
  convChannels: [8, 16],
  fcOnlyMaxM: 16,
  poolGrid: 8,
  hidden: 64,
  initialKeepProbability: 0.5,
  sharedOffset: false,
  samplesPerUpdate: 8,
  rewardImagesPerUpdate: null,
  learningRate: 0.1,
  baseline: 'leave-one-out',
  normalizeAdvantage: true,
  entropyBonus: 0,
  clipPsiLower: null,
  minUpdates: 10,
  maxUpdates: 200,
  stableUpdates: 5,
  stableTolerance: 0.05,
  stableDrift: 0.03,
  convergenceEpsilon: 0.1,
  onViolation: 'best-sample',
});

export function resolveAgentOptions(partial: Partial<AgentOptions> = {}): AgentOptions {
  const o: AgentOptions = { ...DEFAULT_AGENT_OPTIONS, ...partial };
  const check = (ok: boolean, field: keyof AgentOptions, rule: string): void => {
    if (!ok) throw new ConfigError(`agent.${field} ${rule}, got ${JSON.stringify(o[field])}`);
  };
  check(o.convChannels.every((c) => Number.isInteger(c) && c > 0), 'convChannels', 'must be positive integers');
  check(Number.isInteger(o.poolGrid) && o.poolGrid > 0, 'poolGrid', 'must be a positive integer');
  check(Number.isInteger(o.hidden) && o.hidden > 0, 'hidden', 'must be a positive integer');
  check(o.initialKeepProbability > 0 && o.initialKeepProbability < 1, 'initialKeepProbability', 'must be in (0, 1)');
  check(Number.isInteger(o.samplesPerUpdate) && o.samplesPerUpdate >= 2, 'samplesPerUpdate', 'must be an integer ≥ 2');
  check(o.learningRate > 0, 'learningRate', 'must be positive');
  check(o.rewardImagesPerUpdate === null || (Number.isInteger(o.rewardImagesPerUpdate) && o.rewardImagesPerUpdate >= 1), 'rewardImagesPerUpdate', 'must be null or a positive integer');
  check(Number.isInteger(o.minUpdates) && o.minUpdates >= 1, 'minUpdates', 'must be an integer ≥ 1');
  check(Number.isInteger(o.maxUpdates) && o.maxUpdates >= o.minUpdates, 'maxUpdates', 'must be an integer ≥ minUpdates');
  check(Number.isInteger(o.stableUpdates) && o.stableUpdates >= 1, 'stableUpdates', 'must be an integer ≥ 1');
  check(o.stableDrift > 0, 'stableDrift', 'must be positive');
  check(o.stableTolerance >= 0 && o.stableTolerance < 0.5, 'stableTolerance', 'must be in [0, 0.5)');
  check(o.convergenceEpsilon > 0 && o.convergenceEpsilon < 0.5, 'convergenceEpsilon', 'must be in (0, 0.5)');
  check(o.entropyBonus >= 0, 'entropyBonus', 'must be ≥ 0');
  check(o.clipPsiLower === null || o.clipPsiLower < 0, 'clipPsiLower', 'must be null or negative');
  return o;
}
