import type { FirstLayerRow, LayerRow } from '@l2p/pruning';
import { ExperimentModel } from '../model';
import { keptFiltersFigure } from './kept-filters';

function emptyModel(): ExperimentModel {
  return { name: 'x', metric: 'accuracy', jobs: [], summaries: [], layers: [], updates: [], classes: [], deploy: [], uniform: [], firstLayer: [], examples: [] };
}

/** Filter f has every weight equal to `scale[f]`, so its L1 norm is 27·scale[f]. */
function firstLayer(scales: number[]): FirstLayerRow[] {
  return scales.map((s, filter) => ({ layer: 'conv1_1', filter, kernel: 3, in_channels: 3, values: Array(27).fill(s) }));
}

function layerRow(b: number, seed: number, kept: number[]): LayerRow {
  return {
    run_id: `r-${b}-${seed}`,
    method: 'agent',
    b,
    seed,
    layer_index: 0,
    layer: 'conv1_1',
    filters_before: 6,
    filters_after: kept.length,
    kept_indices: kept,
    p_before: null,
    p_reference: null,
    p_hat_decision: null,
    p_after_finetune: null,
    params_after: null,
    macs_after: null,
    agent_updates: 10,
    stop_reason: 'converged',
    decision_source: 'threshold',
    guard_restored: 0,
    fine_tunes: 1,
    wall_ms: null,
  };
}

describe('keptFiltersFigure', () => {
  const scales = [0.1, -0.9, 0.5, 0.05, 0.7, -0.3]; // L1 ranking: 1, 4, 2, 5, 0, 3

  it('counts how many kept filters are among the largest by L1, one row per b at the lowest seed', () => {
    const model = { ...emptyModel(), firstLayer: firstLayer(scales), layers: [layerRow(2, 2, [0, 3]), layerRow(0.5, 1, [1, 2, 3]), layerRow(2, 1, [1, 0])] };
    const fig = keptFiltersFigure(model, 'agent');
    expect(fig?.rows.map((r) => [r.b, r.seed, r.kept, r.l1Overlap])).toEqual([
      [0.5, 1, [1, 2, 3], 2], // top-3 by L1 = {1, 4, 2}
      [2, 1, [0, 1], 1], // top-2 = {1, 4}
    ]);
    expect(fig?.rows[0].randomOverlap).toBeCloseTo(9 / 6, 10);
  });

  it('outlines exactly the kept filters in red, on one colour scale for the layer', () => {
    const model = { ...emptyModel(), firstLayer: firstLayer(scales), layers: [layerRow(1, 1, [1, 4, 5])] };
    const svg = keptFiltersFigure(model, 'agent')?.svg ?? '';
    expect((svg.match(/stroke="#d62728"/g) ?? []).length).toBe(3);
    expect((svg.match(/width="9\.00" height="9\.00"/g) ?? []).length).toBe(6 * 9); // 6 filters × 3×3 pixels
    // One scale for the layer, max |w| = 0.9: filter 1 (−0.9) is black, filter 4 (+0.7) is 127.5 + 127.5·0.7/0.9 ≈ 227 grey.
    expect(svg).toContain('fill="#000000"');
    expect(svg).toContain('fill="#e3e3e3"');
    expect(svg).not.toContain('fill="#ffffff"');
  });

  it('draws the unpruned filters when no run has pruned the first layer, and nothing without filters', () => {
    expect(keptFiltersFigure({ ...emptyModel(), firstLayer: firstLayer(scales) }, 'agent')?.rows).toEqual([]);
    expect(keptFiltersFigure(emptyModel(), 'agent')).toBeNull();
  });
});
