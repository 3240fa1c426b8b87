import { BGrid, gridCell } from '../aggregate/b-grid';
import { baseFilterCounts, layerCells, layerOrder } from '../aggregate/layers';
import { PAPER_POINTS } from '../aggregate/paper-reference';
import { seedStat, sortedUnique } from '../aggregate/stats';
import { ChartSpec, ExperimentModel } from '../model';
import { bColours, CHART_CONFIG, methodColours, MUTED } from './theme';

/** vega-lite specs of the report's charts, built from the model (see ChartSpec). */
type Spec = Record<string, unknown>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

function topLevel(spec: Spec): Spec {
  return { $schema: SCHEMA, config: CHART_CONFIG, ...spec };
}

function metricName(model: ExperimentModel): string {
  return model.metric === 'mean-iu' ? 'mean IU' : 'accuracy';
}

const bLabel = (b: number): string => `b = ${b}`;

/** Filters kept per layer, one bar per b, over the base count in grey. */
function keptPerLayer(model: ExperimentModel, grid: BGrid): ChartSpec | null {
  const { layers, bValues, cells } = layerCells(model, grid.primary);
  if (layers.length === 0) return null;
  const base = baseFilterCounts(model);
  const kept = bValues.flatMap((b) =>
    layers.flatMap((layer) => {
      const cell = cells.get(`${layer}|${b}`);
      return cell?.kept ? [{ layer, b: bLabel(b), kept: Number(cell.kept.mean.toFixed(2)), seeds: cell.kept.n }] : [];
    }),
  );
  const bLabels = bValues.map(bLabel);
  const x = { field: 'layer', type: 'nominal', sort: layers, title: 'layer (in pruning order)', axis: { labelAngle: -40 } };
  return {
    id: 'kept-per-layer',
    title: 'Filters kept per layer',
    caption: `Filters the ${grid.primary === 'agent' ? 'agents' : grid.primary} kept in each layer, one bar per b (mean over seeds); the grey bar behind is the layer's filter count before pruning. Layers a run has not reached yet have no bar.`,
    section: 'pruning',
    embed: true,
    spec: topLevel({
      width: Math.min(880, Math.max(360, layers.length * (14 * bValues.length + 18))),
      height: 240,
      layer: [
        {
          data: { values: layers.map((layer) => ({ layer, before: base.get(layer) ?? null })) },
          mark: { type: 'bar', color: '#e4e8ee' },
          encoding: { x, y: { field: 'before', type: 'quantitative', title: 'filters' } },
        },
        {
          data: { values: kept },
          mark: { type: 'bar' },
          encoding: {
            x,
            xOffset: { field: 'b', type: 'ordinal', sort: bLabels },
            y: { field: 'kept', type: 'quantitative' },
            color: { field: 'b', type: 'ordinal', sort: bLabels, title: null, scale: { domain: bLabels, range: bColours(bLabels.length) } },
          },
        },
      ],
    }),
  };
}

/** Drop against filters pruned for every method: seeds as points, means joined in b order. */
function dropVsPruned(model: ExperimentModel, grid: BGrid): ChartSpec | null {
  const points: Spec[] = [];
  const means: Spec[] = [];
  for (const method of grid.methods) {
    for (const b of grid.bValues) {
      const cell = gridCell(grid, method, b);
      if (!cell || cell.rows.length === 0) continue;
      for (const r of cell.rows) {
        const dropAfter = r.drop ?? (r.test_before !== null && r.test_after !== null ? r.test_before - r.test_after : null);
        const dropDecision = r.test_before !== null && r.test_at_decision !== null ? r.test_before - r.test_at_decision : null;
        points.push({ method, b, seed: r.seed, pruned: r.filters_pruned_pct, stage: 'after fine-tuning', drop: dropAfter });
        points.push({ method, b, seed: r.seed, pruned: r.filters_pruned_pct, stage: 'at decision', drop: dropDecision });
      }
      const after = cell.drop;
      const atDecision = cell.dropAtDecision;
      if (cell.filtersPruned && after) means.push({ method, b, pruned: cell.filtersPruned.mean, stage: 'after fine-tuning', drop: after.mean });
      if (cell.filtersPruned && atDecision) means.push({ method, b, pruned: cell.filtersPruned.mean, stage: 'at decision', drop: atDecision.mean });
    }
  }
  if (points.length === 0) return null;
  const colours = methodColours(grid.methods);
  const unit = model.metric === 'mean-iu' ? 'mean-IU points' : 'accuracy points';
  const xEnc = { field: 'pruned', type: 'quantitative', title: 'filters pruned (%)', scale: { domain: [0, 100] } };
  const panel = (stage: string, title: string, paper: boolean): Spec => {
    const layers: Spec[] = [
      { mark: { type: 'rule', color: '#c9d0d8', strokeDash: [3, 3] }, data: { values: [{ zero: 0 }] }, encoding: { y: { field: 'zero', type: 'quantitative' } } },
      {
        data: { values: means.filter((m) => m.stage === stage) },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: xEnc,
          y: { field: 'drop', type: 'quantitative', title: `drop (${unit})` },
          color: { field: 'method', type: 'nominal', scale: colours, title: 'method' },
          order: { field: 'b', type: 'quantitative' },
        },
      },
      {
        data: { values: points.filter((p) => p.stage === stage && p.drop !== null) },
        mark: { type: 'point', filled: true, size: 46, opacity: 0.85 },
        encoding: {
          x: xEnc,
          y: { field: 'drop', type: 'quantitative' },
          color: { field: 'method', type: 'nominal', scale: colours, title: 'method' },
          shape: { field: 'method', type: 'nominal', scale: { domain: grid.methods }, title: 'method' },
        },
      },
    ];
    if (paper) {
      const refs = PAPER_POINTS.map((p) => ({ pruned: p.filtersPrunedPct, drop: p.drop }));
      layers.push({
        data: { values: refs },
        mark: { type: 'point', shape: 'diamond', size: 110, color: '#111', filled: false, strokeWidth: 1.6 },
        encoding: { x: xEnc, y: { field: 'drop', type: 'quantitative' } },
      });
    }
    return { title, width: 360, height: 250, layer: layers };
  };
  const paper = model.metric === 'accuracy';
  return {
    id: 'drop-vs-pruned',
    title: `Drop in ${metricName(model)} against filters pruned`,
    caption: `Each point is one seed; lines join the means over seeds in order of b. Left: after the final fine-tuning. Right: at decision, with every layer cut but before the last fine-tuning — this shows which filters a method picks, before training can hide it.${paper ? " Open diamonds: the paper's reference points (VGG-16 on CIFAR-10)." : ''}`,
    section: 'methods',
    embed: true,
    spec: topLevel({
      hconcat: [panel('after fine-tuning', 'after fine-tuning', paper), panel('at decision', 'at decision (before the last fine-tuning)', false)],
      resolve: { scale: { y: 'independent' } },
    }),
  };
}

/** One small multiple per layer: the agents' curves over updates, coloured by b. */
function trainingCurves(model: ExperimentModel, field: 'mean_reward' | 'kept_thresholded'): ChartSpec | null {
  const rows = model.updates.filter((u) => u.layer !== null && u.update !== null && u[field] !== null && u.b !== null);
  if (rows.length === 0) return null;
  const layers = layerOrder(model).filter((l) => rows.some((r) => r.layer === l));
  const bLabels = sortedUnique(rows.map((r) => r.b)).map(bLabel);
  const values = rows.map((r) => ({ layer: r.layer, update: r.update, value: r[field], b: bLabel(r.b as number), run: r.run_id }));
  const reward = field === 'mean_reward';
  return {
    id: reward ? 'training-reward' : 'training-kept',
    title: reward ? 'Agent training: mean reward per update' : 'Agent training: filters kept (thresholded) per update',
    caption: reward
      ? 'Mean reward R = ψ·φ of the masks sampled at each REINFORCE update (x axis), per layer; one line per run (seed), coloured by b.'
      : 'Filters the agent would keep if it stopped at that REINFORCE update (keep-probability > 0.5), per layer; one line per run. Each panel has its own y scale: layers differ in size.',
    section: 'training',
    embed: false,
    spec: topLevel({
      data: { values },
      facet: { field: 'layer', type: 'nominal', sort: layers, title: null, header: { labelFontWeight: 600 } },
      columns: Math.min(5, layers.length),
      spec: {
        width: 150,
        height: 90,
        mark: { type: 'line', strokeWidth: 1.3, opacity: 0.9 },
        encoding: {
          x: { field: 'update', type: 'quantitative', title: null },
          y: { field: 'value', type: 'quantitative', title: reward ? 'mean reward' : 'kept', scale: { zero: !reward } },
          color: { field: 'b', type: 'ordinal', sort: bLabels, title: null, scale: { domain: bLabels, range: bColours(bLabels.length) } },
          detail: { field: 'run', type: 'nominal' },
        },
      },
      resolve: reward ? { axis: { x: 'independent' } } : { axis: { x: 'independent' }, scale: { y: 'independent' } },
    }),
  };
}

/** The uniform-ratio L1 sweep, with the agent's results at their overall pruned fraction for comparison. */
function uniformCurve(model: ExperimentModel, grid: BGrid): ChartSpec | null {
  const rows = model.uniform.filter((u) => u.ratio !== null).sort((a, b) => (a.ratio as number) - (b.ratio as number));
  if (rows.length === 0) return null;
  const series = ['uniform L1, before fine-tuning', 'uniform L1, after fine-tuning', `${grid.primary}, after fine-tuning`];
  const curve = rows.flatMap((r) => [
    { pruned: (r.ratio as number) * 100, value: r.test_at_decision, series: series[0] },
    { pruned: (r.ratio as number) * 100, value: r.test_after, series: series[1] },
  ]).filter((p) => p.value !== null);
  const agent = grid.bValues.flatMap((b) => (gridCell(grid, grid.primary, b)?.rows ?? []).map((r) => ({ pruned: r.filters_pruned_pct, value: r.test_after, series: series[2], b })));
  const base = seedStat(model.summaries.map((s) => s.test_before));
  const colour = { domain: series, range: ['#e0a370', '#e07b28', '#2f6db3'] };
  const shapes = { domain: series, range: ['circle', 'circle', 'triangle-up'] };
  const x = { field: 'pruned', type: 'quantitative', title: 'filters pruned (%) — uniform ratio × 100 for L1', scale: { domain: [0, 100] } };
  const y = { field: 'value', type: 'quantitative', title: `test ${metricName(model)}`, scale: { zero: false } };
  const layer: Spec[] = [
    {
      data: { values: curve },
      mark: { type: 'line', point: { filled: true, size: 30 }, strokeWidth: 2 },
      encoding: { x, y, color: { field: 'series', type: 'nominal', scale: colour, title: null }, shape: { field: 'series', type: 'nominal', scale: shapes, title: null } },
    },
    {
      data: { values: agent.filter((a) => a.value !== null) },
      mark: { type: 'point', filled: true, size: 70 },
      encoding: { x, y, color: { field: 'series', type: 'nominal', scale: colour, title: null }, shape: { field: 'series', type: 'nominal', scale: shapes, title: null } },
    },
  ];
  if (base) {
    layer.unshift(
      { data: { values: [{ value: base.mean }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#8a94a3' }, encoding: { y } },
      { data: { values: [{ value: base.mean, pruned: 0, label: 'unpruned' }] }, mark: { type: 'text', align: 'left', dx: 4, dy: -7, fontSize: 10, color: MUTED }, encoding: { x, y, text: { field: 'label' } } },
    );
  }
  return {
    id: 'uniform-l1',
    title: `Uniform L1 pruning: ratio against ${metricName(model)}`,
    caption: `The same fraction of filters removed from every layer by L1 norm, before and after fine-tuning; the ${grid.primary}'s runs (one triangle per seed and b) are placed at their overall fraction of filters pruned.`,
    section: 'uniform',
    embed: true,
    spec: topLevel({ width: 560, height: 260, layer }),
  };
}

/** Segmentation: mean IU of the base model, at decision and after fine-tuning, for each b. */
function meanIuPerB(model: ExperimentModel, grid: BGrid): ChartSpec | null {
  if (model.metric !== 'mean-iu') return null;
  const stages = ['unpruned', 'at decision', 'after fine-tuning'];
  const values = grid.bValues.flatMap((b) => {
    const cell = gridCell(grid, grid.primary, b);
    if (!cell) return [];
    return [
      { b: bLabel(b), stage: stages[0], value: cell.before?.mean ?? null },
      { b: bLabel(b), stage: stages[1], value: cell.atDecision?.mean ?? null },
      { b: bLabel(b), stage: stages[2], value: cell.after?.mean ?? null },
    ].filter((v) => v.value !== null);
  });
  if (values.length === 0) return null;
  return {
    id: 'mean-iu-per-b',
    title: 'Mean IU before and after pruning, per b',
    caption: `Test mean IU of the unpruned network, of the ${grid.primary}'s pruned network before the last fine-tuning, and after it (mean over seeds).`,
    section: 'segmentation',
    embed: true,
    spec: topLevel({
      width: Math.max(240, grid.bValues.length * 110),
      height: 220,
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'b', type: 'nominal', sort: grid.bValues.map(bLabel), title: null, axis: { labelAngle: 0 } },
        xOffset: { field: 'stage', type: 'nominal', sort: stages },
        y: { field: 'value', type: 'quantitative', title: 'mean IU (points)' },
        color: { field: 'stage', type: 'nominal', sort: stages, title: null, scale: { domain: stages, range: ['#b7c2cf', '#8fb3dc', '#2f6db3'] } },
      },
    }),
  };
}

/** The charts this experiment has data for, in page order. */
export function buildChartSpecs(model: ExperimentModel, grid: BGrid): ChartSpec[] {
  return [
    keptPerLayer(model, grid),
    dropVsPruned(model, grid),
    trainingCurves(model, 'mean_reward'),
    trainingCurves(model, 'kept_thresholded'),
    uniformCurve(model, grid),
    meanIuPerB(model, grid),
  ].filter((c): c is ChartSpec => c !== null);
}
