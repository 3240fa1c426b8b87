import { budgetProblem } from './budget-rule';

/**
 * The paper's reward for one sampled mask: R = ψ · φ with
 *   ψ = (b − (p − p̂)) / b   the accuracy term: 1 with no drop, 0 at a drop of exactly b, negative beyond;
 *   φ = log(N / kept)        the efficiency term: 0 when every filter is kept, growing as filters are removed.
 * p and p̂ are the unpruned-at-this-layer and masked accuracies on the reward split, in points (percent, or
 * mean-IU points for segmentation); b is the largest acceptable drop, in the same units.
 */
export interface RewardInput {
  /** Accuracy of the network before this layer is pruned, in points. */
  p: number;
  /** Accuracy with the sampled mask applied, in points. */
  pHat: number;
  /** Largest acceptable drop, in points (a b of budget-rule.ts). */
  b: number;
  /** Filters in the layer. */
  n: number;
  /** Filters the mask keeps (clamped to ≥ 1: the sampler never removes every filter). */
  kept: number;
}

export interface RewardOptions {
  /**
   * Clip ψ to [lower, 1]. Paper note: the paper does not say whether ψ is clipped; the default is no clipping,
   * so a candidate far beyond the bound is punished in proportion to how far it is.
   */
  clipPsi?: { lower: number } | null;
}

export interface Reward {
  psi: number;
  phi: number;
  reward: number;
}

export function accuracyTerm(p: number, pHat: number, b: number): number {
  // The project's one rule for b (budget-rule.ts), not a second one: ψ divides by b, and every b reaching here came
  // through that rule already, so this only catches a caller that bypassed it.
  const problem = budgetProblem(b);
  if (problem) throw new RangeError(problem);
  return (b - (p - pHat)) / b;
}

export function efficiencyTerm(n: number, kept: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (!Number.isInteger(kept) || kept < 0 || kept > n) throw new RangeError(`kept must be an integer in [0, ${n}], got ${kept}`);
  return Math.log(n / Math.max(1, kept));
}

export function computeReward(input: RewardInput, options: RewardOptions = {}): Reward {
  let psi = accuracyTerm(input.p, input.pHat, input.b);
  if (options.clipPsi) psi = Math.min(1, Math.max(options.clipPsi.lower, psi));
  const phi = efficiencyTerm(input.n, input.kept);
  return { psi, phi, reward: psi * phi };
}
