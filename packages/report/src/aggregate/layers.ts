import type { LayerRow } from '@l2p/pruning';
import { ExperimentModel } from '../model';
import { groupBy, SeedStat, seedStat, sortedUnique } from './stats';

/** Layer names in pruning order (by layer_index; updates-only layers, if any, after them by name). */
export function layerOrder(model: ExperimentModel): string[] {
  const index = new Map<string, number>();
  // Fixed plans (b = null, e.g. Li et al.'s pruned-A) prune a subset of layers, so their layer_index does not
  // follow the network; the swept runs define the order when there are any.
  const swept = model.layers.filter((r) => r.b !== null);
  for (const row of swept.length > 0 ? swept : model.layers) {
    if (row.layer === null || row.layer_index === null) continue;
    index.set(row.layer, Math.min(index.get(row.layer) ?? Infinity, row.layer_index));
  }
  const known = [...index.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0], 'en')).map(([name]) => name);
  const extra = [...new Set(model.updates.map((u) => u.layer).filter((l): l is string => !!l && !index.has(l)))].sort();
  return [...known, ...extra];
}

/** One layer at one b for one method, over seeds. */
export interface LayerCell {
  layer: string;
  b: number;
  before: number | null;
  kept: SeedStat | null;
  updates: SeedStat | null;
  /** Stop reasons with how many seeds stopped for each, e.g. {converged: 2}. */
  stopReasons: Record<string, number>;
  /** Reward-split metric at decision (before fine-tuning) and after fine-tuning. */
  pHatDecision: SeedStat | null;
  pBefore: SeedStat | null;
  pAfter: SeedStat | null;
  seeds: number[];
}

export function layerCells(model: ExperimentModel, method: string): { layers: string[]; bValues: number[]; cells: Map<string, LayerCell> } {
  const rows = model.layers.filter((r): r is LayerRow & { b: number; layer: string } => r.method === method && r.b !== null && r.layer !== null);
  const layers = layerOrder(model).filter((l) => rows.some((r) => r.layer === l));
  const bValues = sortedUnique(rows.map((r) => r.b));
  const cells = new Map<string, LayerCell>();
  for (const [key, group] of groupBy(rows, (r) => `${r.layer}|${r.b}`)) {
    const stopReasons: Record<string, number> = {};
    for (const r of group) if (r.stop_reason) stopReasons[r.stop_reason] = (stopReasons[r.stop_reason] ?? 0) + 1;
    cells.set(key, {
      layer: group[0].layer,
      b: group[0].b,
      before: group.find((r) => r.filters_before !== null)?.filters_before ?? null,
      kept: seedStat(group.map((r) => r.filters_after)),
      updates: seedStat(group.map((r) => r.agent_updates)),
      stopReasons,
      pHatDecision: seedStat(group.map((r) => r.p_hat_decision)),
      pBefore: seedStat(group.map((r) => r.p_before)),
      pAfter: seedStat(group.map((r) => r.p_after_finetune)),
      seeds: sortedUnique(group.map((r) => r.seed)),
    });
  }
  return { layers, bValues, cells };
}

/** The base filter count of each layer, from any run that pruned it. */
export function baseFilterCounts(model: ExperimentModel): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of model.layers) if (r.layer && r.filters_before !== null && !counts.has(r.layer)) counts.set(r.layer, r.filters_before);
  return counts;
}
