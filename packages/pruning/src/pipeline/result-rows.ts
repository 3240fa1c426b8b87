import type { Decision } from '../deciders/decider';
import type { LayerRow, UpdateRow } from '../results/schema';

/** What one unit's step produced, for its `layers.arrow` row. */
export interface UnitOutcome {
  runId: string;
  method: string;
  /** null for a fixed plan. */
  b: number | null;
  seed: number;
  index: number;
  unit: string;
  filtersBefore: number;
  kept: number[];
  pBefore: number;
  pReference: number;
  decision: Decision;
  pAfter: number;
  params: number;
  macs: number;
  /** Null when the run holds no unit to b (a baseline, or guard 'none'). */
  guardRestored: number | null;
  fineTunes: number;
  wallMs: number;
}

export function layerRow(o: UnitOutcome): LayerRow {
  const agent = o.decision.agent;
  return {
    run_id: o.runId,
    method: o.method,
    b: o.b,
    seed: o.seed,
    layer_index: o.index,
    layer: o.unit,
    filters_before: o.filtersBefore,
    filters_after: o.kept.length,
    kept_indices: o.kept,
    p_before: o.pBefore,
    p_reference: o.pReference,
    p_hat_decision: o.decision.pHat,
    p_after_finetune: o.pAfter,
    params_after: o.params,
    macs_after: o.macs,
    agent_updates: agent ? agent.updates.length : null,
    stop_reason: agent ? agent.stopReason : null,
    decision_source: agent ? agent.decisionSource : 'count',
    guard_restored: o.guardRestored,
    fine_tunes: o.fineTunes,
    wall_ms: o.wallMs,
  };
}

/** The agent's training curve for the unit (none for a baseline). */
export function updateRows(o: Pick<UnitOutcome, 'runId' | 'b' | 'seed' | 'unit' | 'decision'>): UpdateRow[] {
  return (o.decision.agent?.updates ?? []).map((u) => ({
    run_id: o.runId,
    b: o.b,
    seed: o.seed,
    layer: o.unit,
    update: u.update,
    mean_reward: u.meanReward,
    std_reward: u.stdReward,
    mean_p_hat: u.meanPHat,
    mean_keep_probability: u.meanKeepProbability,
    kept_thresholded: u.keptThresholded,
    evaluated: u.evaluated,
    wall_ms: u.wallMs,
  }));
}
