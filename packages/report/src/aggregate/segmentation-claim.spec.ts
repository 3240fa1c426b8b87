import type { SummaryRow } from '@l2p/pruning';
import { BGrid, GridCell } from './b-grid';
import { claimVerdict, segmentationClaim } from './segmentation-claim';
import { methodBKey } from './stats';

function row(seed: number, b: number, before: number, after: number | null): SummaryRow {
  return { method: 'agent', b, seed, status: 'done', test_before: before, test_after: after } as SummaryRow;
}

function grid(rows: SummaryRow[]): BGrid {
  const bValues = [...new Set(rows.map((r) => r.b as number))].sort((a, b) => a - b);
  const cells = new Map<string, GridCell>(bValues.map((b) => [methodBKey('agent', b), { rows: rows.filter((r) => r.b === b) } as GridCell]));
  return { primary: 'agent', methods: ['agent'], bValues, cells, fixedPlans: [] };
}

describe('segmentationClaim', () => {
  it('counts, per b, the seeds within b of the unpruned mean IU and the seeds above it', () => {
    const claim = segmentationClaim(
      grid([
        row(0, 2, 70, 68.5), // within 2, lower
        row(1, 2, 70, 67.9), // drop 2.1 > 2
        row(0, 5, 70, 70.4), // higher
        row(1, 5, 70, 66), // within 5
        row(2, 5, 70, null), // no test result: not counted
      ]),
    );
    expect(claim.map((c) => [c.b, c.seeds, c.withinB, c.higher])).toEqual([
      [2, 2, 1, 0],
      [5, 2, 2, 1],
    ]);
    expect(claim[0].drop).toBeCloseTo(1.8, 10);
    expect(claim[1].after).toBeCloseTo(68.2, 10);
  });

  it('a drop of exactly b is within b', () => {
    expect(segmentationClaim(grid([row(0, 2, 60, 58)]))[0].withinB).toBe(1);
  });

  it('says yes/no for one seed and counts for several', () => {
    expect([claimVerdict(1, 1), claimVerdict(0, 1), claimVerdict(2, 3)]).toEqual(['yes', 'no', '2 of 3 seeds']);
  });
});
