import type { SummaryRow } from '@l2p/pruning';
import { BGrid, gridCell } from './b-grid';

/**
 * The paper's segmentation claim, checked per b on the test split: FCN-32s pruned under a mean-IU budget b stays
 * within b of the unpruned network, and is in some cases better than it. Each finished seed of the primary method
 * (the agent) counts once.
 */
export interface ClaimRow {
  b: number;
  seeds: number;
  /** Means over the seeds, in mean-IU points. */
  before: number;
  after: number;
  drop: number;
  /** Seeds whose test drop (test_before − test_after) is at most b. */
  withinB: number;
  /** Seeds whose pruned network scores above the unpruned one. */
  higher: number;
}

function done(row: SummaryRow): row is SummaryRow & { test_before: number; test_after: number } {
  return typeof row.test_before === 'number' && typeof row.test_after === 'number';
}

export function segmentationClaim(grid: BGrid): ClaimRow[] {
  const out: ClaimRow[] = [];
  for (const b of grid.bValues) {
    const rows = (gridCell(grid, grid.primary, b)?.rows ?? []).filter(done);
    if (rows.length === 0) continue;
    const mean = (f: (r: (typeof rows)[number]) => number): number => rows.reduce((s, r) => s + f(r), 0) / rows.length;
    out.push({
      b,
      seeds: rows.length,
      before: mean((r) => r.test_before),
      after: mean((r) => r.test_after),
      drop: mean((r) => r.test_before - r.test_after),
      withinB: rows.filter((r) => r.test_before - r.test_after <= b).length,
      higher: rows.filter((r) => r.test_after > r.test_before).length,
    });
  }
  return out;
}

/** "yes" / "no" for one seed, "k of n seeds" otherwise. */
export function claimVerdict(count: number, seeds: number): string {
  if (seeds === 1) return count === 1 ? 'yes' : 'no';
  return `${count} of ${seeds} seeds`;
}
