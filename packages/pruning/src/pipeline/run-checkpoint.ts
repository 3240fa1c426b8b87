import * as fs from 'fs';
import { ConfigError } from '@l2p/runtime';
import { loadModel, type ModelDescription, readCheckpointJson, saveModel, type Weights } from '@l2p/models';
import type { LayerRow, UpdateRow } from '../results/schema';

export const PIPELINE_STATE_JSON = 'pipeline-state.json';

/** What became of the fine-tuning after the last unit. */
export type FinalFineTuneOutcome = 'accepted' | 'rejected' | 'none';

/** What a checkpoint holds besides the model: enough to continue at the next unit with nothing lost or repeated. */
export interface PipelineState {
  method: string;
  /** null for a fixed plan (no b); checkpoints written before b could be absent have 0 there. */
  b: number | null;
  seed: number;
  layers: string[];
  /** Units finished (their rows are in `layerRows`). */
  done: number;
  /** Reward-split metric of the checkpointed network. */
  p: number;
  /** Reward-split metric of the network before the final fine-tuning (set once every unit is done). */
  pBeforeFinal: number | null;
  finalFineTune: FinalFineTuneOutcome | null;
  layerRows: LayerRow[];
  updateRows: UpdateRow[];
}

/** A fresh run's state: no unit done yet, at the base network's metric. */
export function initialState(run: Pick<PipelineState, 'method' | 'b' | 'seed' | 'layers' | 'p'>): PipelineState {
  return { ...run, done: 0, pBeforeFinal: null, finalFineTune: null, layerRows: [], updateRows: [] };
}

/**
 * The state and network saved in `dir` by a run of the same (method, b, seed, units); a ConfigError naming both when
 * the checkpoint belongs to another run.
 */
export async function resumeState(dir: string, expected: Pick<PipelineState, 'method' | 'b' | 'seed' | 'layers'>): Promise<{ state: PipelineState; description: ModelDescription; weights: Weights }> {
  const saved = readCheckpointJson<PipelineState>(dir, PIPELINE_STATE_JSON);
  saved.b = saved.b === 0 ? null : saved.b; // 0, never a b, was how older checkpoints wrote a fixed plan's none
  if (saved.method !== expected.method || saved.b !== expected.b || saved.seed !== expected.seed || saved.layers.join() !== expected.layers.join()) {
    throw new ConfigError(`${dir}: checkpoint is for ${saved.method} b=${saved.b} seed=${saved.seed}, not ${expected.method} b=${expected.b} seed=${expected.seed}`);
  }
  const model = await loadModel(dir);
  return { state: saved, ...model };
}

/** Whether `dir` holds a checkpoint to resume. */
export function hasCheckpoint(dir: string | undefined): dir is string {
  return dir !== undefined && fs.existsSync(dir);
}

/** Saves the network and the state in one atomic directory. */
export async function saveCheckpoint(dir: string | undefined, model: { description: ModelDescription; weights: Weights }, state: PipelineState): Promise<void> {
  if (dir) await saveModel(dir, model, { [PIPELINE_STATE_JSON]: `${JSON.stringify(state)}\n` });
}
