import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadExperiment } from '../load/load-experiment';
import { ExperimentModel } from '../model';
import { writeClassificationFixture } from '../testing/fixtures';
import { buildGrid, gridCell } from './b-grid';
import { seedStat, sortMethods } from './stats';

describe('seedStat', () => {
  it('gives mean and min–max over the finite values only', () => {
    expect(seedStat([1, 2, 6])).toEqual({ mean: 3, min: 1, max: 6, n: 3 });
    expect(seedStat([null, 4, undefined, NaN])).toEqual({ mean: 4, min: 4, max: 4, n: 1 });
    expect(seedStat([null])).toBeNull();
  });

  it('orders the paper method first, then the baselines, then others by name', () => {
    expect(sortMethods(['zeta', 'taylor', 'l1', 'agent', 'alpha', 'random', 'l1'])).toEqual(['agent', 'random', 'l1', 'taylor', 'alpha', 'zeta']);
  });
});

describe('buildGrid', () => {
  let root: string;
  let model: ExperimentModel;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-report-grid-'));
    model = loadExperiment(writeClassificationFixture(root).dir);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('spans every method and b that has a job or a result', () => {
    const grid = buildGrid(model);
    expect(grid.primary).toBe('agent');
    expect(grid.methods).toEqual(['agent', 'random', 'l1', 'taylor']);
    expect(grid.bValues).toEqual([0.5, 2, 4]);
  });

  it('averages the finished seeds of a cell (checked against the rows themselves)', () => {
    const grid = buildGrid(model);
    for (const method of ['agent', 'l1']) {
      for (const b of [0.5, 2]) {
        const rows = model.summaries.filter((s) => s.method === method && s.b === b);
        expect(rows).toHaveLength(2);
        const cell = gridCell(grid, method, b);
        const pct = rows.map((r) => r.filters_pruned_pct as number);
        expect(cell?.filtersPruned?.mean).toBeCloseTo((pct[0] + pct[1]) / 2, 10);
        expect(cell?.filtersPruned?.min).toBe(Math.min(...pct));
        const atDecision = rows.map((r) => (r.test_before as number) - (r.test_at_decision as number));
        expect(cell?.dropAtDecision?.max).toBeCloseTo(Math.max(...atDecision), 10);
        expect(cell?.seedsDone).toEqual([1, 2]);
        expect(cell?.pending).toEqual([]);
      }
    }
  });

  it('keeps an unfinished job as a pending seed with no statistics', () => {
    const cell = gridCell(buildGrid(model), 'agent', 4);
    expect(cell?.seedsExpected).toEqual([1]);
    expect(cell?.seedsDone).toEqual([]);
    expect(cell?.pending.map((j) => j.status)).toEqual(['running']);
    expect(cell?.filtersPruned).toBeNull();
    expect(gridCell(buildGrid(model), 'random', 4)?.seedsExpected).toEqual([]);
  });

  it('leaves partial summaries out of the statistics', () => {
    const partial = model.summaries.map((s) => (s.method === 'agent' && s.b === 0.5 && s.seed === 2 ? { ...s, status: 'partial' } : s));
    const cell = gridCell(buildGrid({ ...model, summaries: partial }), 'agent', 0.5);
    expect(cell?.seedsDone).toEqual([1]);
    expect(cell?.filtersPruned?.n).toBe(1);
    expect(cell?.pending.map((j) => j.seed)).toEqual([2]);
  });
});
