import type { SummaryRow } from '@l2p/pruning';
import { ExperimentModel, JobInfo } from '../model';
import { groupBy, methodBKey, SeedStat, seedStat, sortedUnique, sortMethods } from './stats';

/** The results of one (method, b) pair over its seeds. `b` is null for fixed-plan references (e.g. Li et al.'s). */
export interface GridCell {
  method: string;
  b: number | null;
  /** Seeds with a job or a result for this pair. */
  seedsExpected: number[];
  /** Seeds whose run finished (summary status 'done'); only these enter the statistics. */
  seedsDone: number[];
  /** Jobs of this pair that have no finished result yet, with their manifest status. */
  pending: JobInfo[];
  rows: SummaryRow[];
  filtersPruned: SeedStat | null;
  paramsPruned: SeedStat | null;
  macsPruned: SeedStat | null;
  before: SeedStat | null;
  atDecision: SeedStat | null;
  after: SeedStat | null;
  drop: SeedStat | null;
  /** test_before − test_at_decision: the drop of the method's choice before the last fine-tuning. */
  dropAtDecision: SeedStat | null;
  /** The budget contract: the drop on the contract split (guard split, else reward split) the run was held to. */
  contractDrop: SeedStat | null;
}

export interface BGrid {
  /** The paper's method when present ('agent'), else the first method: the b table shows this one. */
  primary: string;
  methods: string[];
  bValues: number[];
  cells: Map<string, GridCell>;
  fixedPlans: GridCell[];
}

function diff(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a - b;
}

function makeCell(method: string, b: number | null, rows: SummaryRow[], jobs: JobInfo[]): GridCell {
  const done = rows.filter((r) => r.status === 'done');
  const seedsDone = sortedUnique(done.map((r) => r.seed));
  const doneRunIds = new Set(done.map((r) => r.run_id));
  const pending = jobs.filter((j) => !doneRunIds.has(j.runId) && (j.seed === undefined || !seedsDone.includes(j.seed)));
  return {
    method,
    b,
    seedsExpected: sortedUnique([...rows.map((r) => r.seed), ...jobs.map((j) => j.seed)]),
    seedsDone,
    pending,
    rows: done,
    filtersPruned: seedStat(done.map((r) => r.filters_pruned_pct)),
    paramsPruned: seedStat(done.map((r) => r.params_pruned_pct)),
    macsPruned: seedStat(done.map((r) => r.macs_pruned_pct)),
    before: seedStat(done.map((r) => r.test_before)),
    atDecision: seedStat(done.map((r) => r.test_at_decision)),
    after: seedStat(done.map((r) => r.test_after)),
    drop: seedStat(done.map((r) => r.drop ?? diff(r.test_before, r.test_after))),
    dropAtDecision: seedStat(done.map((r) => diff(r.test_before, r.test_at_decision))),
    contractDrop: seedStat(done.map((r) => r.contract_drop)),
  };
}

/** Groups the summaries (and the jobs still without one) into the method × b grid the tables and charts use. */
export function buildGrid(model: ExperimentModel): BGrid {
  const sweepJobs = model.jobs.filter((j) => j.method !== undefined);
  const rowsByKey = groupBy(
    model.summaries.filter((s) => s.method !== null),
    (s) => methodBKey(s.method, s.b),
  );
  const jobsByKey = groupBy(sweepJobs, (j) => methodBKey(j.method, j.b));
  const methods = sortMethods([...model.summaries.map((s) => s.method), ...sweepJobs.map((j) => j.method)].filter((m): m is string => !!m));
  const bValues = sortedUnique([...model.summaries.map((s) => s.b), ...sweepJobs.map((j) => j.b)]);
  const cells = new Map<string, GridCell>();
  for (const method of methods) {
    for (const b of bValues) {
      const key = methodBKey(method, b);
      cells.set(key, makeCell(method, b, rowsByKey.get(key) ?? [], jobsByKey.get(key) ?? []));
    }
  }
  // The uniform-L1 sweep job has no b and no summary row: it is drawn in its own section, not as a fixed plan.
  const fixedPlans = methods
    .filter((m) => m !== 'uniform-l1')
    .filter((m) => rowsByKey.has(methodBKey(m, null)) || jobsByKey.has(methodBKey(m, null)))
    .map((m) => makeCell(m, null, rowsByKey.get(methodBKey(m, null)) ?? [], jobsByKey.get(methodBKey(m, null)) ?? []));
  const swept = methods.filter((m) => bValues.some((b) => (cells.get(methodBKey(m, b))?.seedsExpected.length ?? 0) > 0));
  return { primary: swept.includes('agent') ? 'agent' : (swept[0] ?? methods[0] ?? 'agent'), methods: swept, bValues, cells, fixedPlans };
}

export function gridCell(grid: BGrid, method: string, b: number): GridCell | undefined {
  return grid.cells.get(methodBKey(method, b));
}
