/**
 * The paper's known reference points (Huang et al., WACV 2018, CIFAR-10 VGG-16 table), as far as they can be
 * stated without the full text: about a quarter of the filters pruned at a 0.3-point accuracy drop, and more
 * than 75 % at about 3 points. The b values of those rows are not known to us, so they are marked, not matched.
 * Unofficial "benchmark" numbers for this paper that circulate online come from no real run and are not used.
 */
export interface PaperPoint {
  filtersPrunedPct: number;
  drop: number;
  /** How the paper's statement reads, shown beside the point. */
  label: string;
}

export const PAPER_POINTS: readonly PaperPoint[] = [
  { filtersPrunedPct: 25, drop: 0.3, label: 'about 25 % of filters at a 0.3-point drop' },
  { filtersPrunedPct: 75, drop: 3, label: 'over 75 % of filters at about a 3-point drop' },
];

export const PAPER_SETTING = 'VGG-16 on CIFAR-10, full width';
