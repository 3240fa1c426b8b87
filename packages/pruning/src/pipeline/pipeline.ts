import { ConfigError, ProgressSink, Rng, silentProgress } from '@l2p/runtime';
import {
  cloneWeights,
  ConfusionMatrix,
  countModel,
  disposeWeights,
  filterCount,
  InferenceNet,
  loadModel,
  ModelDescription,
  readCheckpointJson,
  removeFilters,
  saveModel,
  weightName,
  Weights,
} from '@l2p/models';
import * as fs from 'fs';
import { keptCount, keptIndices } from '../agent/masks';
import { CandidateEvaluator, createCandidateEvaluator } from '../evaluate/candidate-evaluator';
import { addPredictions, metricPoints, RewardData } from '../evaluate/reward-data';
import { DeciderContext } from '../deciders/decider';
import { deciderFor } from '../deciders/registry';
import { LayerRow, UpdateRow } from '../results/schema';
import { PruneRunOptions } from './pipeline-options';

export const PIPELINE_STATE_JSON = 'pipeline-state.json';

/** What a checkpoint holds besides the model: enough to continue at the next layer with nothing lost or repeated. */
interface PipelineState {
  method: string;
  b: number;
  seed: number;
  layers: string[];
  /** Layers finished (their rows are in `layerRows`). */
  done: number;
  /** Reward-split metric of the checkpointed network. */
  p: number;
  layerRows: LayerRow[];
  updateRows: UpdateRow[];
}

export interface PruneRunResult {
  description: ModelDescription;
  /** Owned by the caller. */
  weights: Weights;
  layerRows: LayerRow[];
  updateRows: UpdateRow[];
  /** Reward-split metric of the base network and of the final one. */
  pBase: number;
  pFinal: number;
  resumedAt: number;
}

/** The network's metric on the reward split, in points. */
export function rewardMetric(description: ModelDescription, weights: Weights, reward: RewardData): number {
  const net = new InferenceNet(description, weights);
  const confusion = new ConfusionMatrix(description.numClasses);
  try {
    for (const batch of reward.batches) {
      const logits = net.predict(batch.x);
      addPredictions(confusion, logits, batch.y);
      logits.dispose();
    }
  } finally {
    net.dispose();
  }
  return metricPoints(description, confusion);
}

function kernelOf(weights: Weights, layer: string): { kernel: Float32Array; shape: number[] } {
  const t = weights[weightName(layer, 'kernel')];
  if (!t) throw new ConfigError(`weights have no kernel for '${layer}'`);
  return { kernel: t.dataSync() as Float32Array, shape: t.shape };
}

/**
 * The paper's procedure for one (method, b, seed): for each layer from input to output, decide a mask, remove the
 * filters for real, fine-tune, re-measure p, go on. Checkpoints after every layer (model + rows, in one atomic
 * directory), so a killed run resumes at the layer it was in with no lost or duplicated rows.
 */
export async function runPruning(options: PruneRunOptions): Promise<PruneRunResult> {
  const progress: ProgressSink = options.progress ?? silentProgress;
  const decider = deciderFor(options.method);
  const layers = options.layers ?? options.description.prunable.map((p) => p.layer);
  for (const layer of layers) filterCount(options.description, layer); // throws on a non-prunable layer
  if (decider.needsCount) {
    const missing = layers.filter((l) => options.keepCounts?.[l] === undefined);
    if (missing.length > 0) {
      throw new ConfigError(`method '${options.method}' keeps as many filters as the agent did; no keep count for ${missing.join(', ')}`);
    }
  }
  const label = options.label ?? options.method;
  const runId = `${label}-b${options.b}-s${options.seed}`;
  const rng = new Rng(options.seed);

  let description = options.description;
  let weights = cloneWeights(options.weights);
  let state: PipelineState;
  const pBase = rewardMetric(description, weights, options.reward);
  const ckpt = options.checkpointDir;
  if (options.resume && ckpt && fs.existsSync(ckpt)) {
    const saved = readCheckpointJson<PipelineState>(ckpt, PIPELINE_STATE_JSON);
    if (saved.method !== options.method || saved.b !== options.b || saved.seed !== options.seed || saved.layers.join() !== layers.join()) {
      throw new ConfigError(`${ckpt}: checkpoint is for ${saved.method} b=${saved.b} seed=${saved.seed}, not ${options.method} b=${options.b} seed=${options.seed}`);
    }
    const model = await loadModel(ckpt);
    disposeWeights(weights);
    description = model.description;
    weights = model.weights;
    state = saved;
  } else {
    state = { method: options.method, b: options.b, seed: options.seed, layers, done: 0, p: pBase, layerRows: [], updateRows: [] };
  }
  const resumedAt = state.done;

  const task = progress.start(`prune ${runId}`, layers.length, 'layer');
  if (resumedAt > 0) task.tick(resumedAt, `resumed after ${layers[resumedAt - 1]}`);
  for (let li = state.done; li < layers.length; li++) {
    const layer = layers[li];
    const started = Date.now();
    const { kernel, shape } = kernelOf(weights, layer);
    const n = shape[shape.length - 1];
    let evaluator: CandidateEvaluator | undefined;
    const ctx: DeciderContext = {
      layer,
      description,
      weights,
      kernel,
      kernelShape: shape,
      n,
      reward: options.reward,
      p: state.p,
      b: options.b,
      keepCount: options.keepCounts?.[layer],
      evaluator: () =>
        (evaluator ??= createCandidateEvaluator({
          engine: options.engine ?? 'tfjs',
          description,
          weights,
          layer,
          reward: options.reward,
          calibration: options.calibration,
          maxImagesPerPass: options.maxImagesPerPass,
        })),
      agentOptions: options.agent ?? {},
      rng: rng.fork(`layer-${layer}`),
      progress,
    };
    let decision;
    try {
      decision = await decider.decide(ctx);
    } finally {
      (evaluator as CandidateEvaluator | undefined)?.dispose();
    }
    const keep = keptIndices(decision.mask);
    const pruned = removeFilters(description, weights, layer, keep);
    disposeWeights(weights);
    const tuned = await options.fineTune(pruned.description, pruned.weights, { layer, layerIndex: li });
    if (tuned !== pruned.weights) disposeWeights(pruned.weights);
    description = pruned.description;
    weights = tuned;
    const pAfter = rewardMetric(description, weights, options.reward);
    const count = countModel(description);
    const agent = decision.agent;
    state.layerRows.push({
      run_id: runId,
      method: label,
      b: options.b,
      seed: options.seed,
      layer_index: li,
      layer,
      filters_before: n,
      filters_after: keptCount(decision.mask),
      kept_indices: keep,
      p_before: state.p,
      p_hat_decision: decision.pHat,
      p_after_finetune: pAfter,
      params_after: count.params,
      macs_after: count.macs,
      agent_updates: agent ? agent.updates.length : null,
      stop_reason: agent ? agent.stopReason : null,
      decision_source: agent ? agent.decisionSource : 'count',
      wall_ms: Date.now() - started,
    });
    for (const u of agent?.updates ?? []) {
      state.updateRows.push({
        run_id: runId,
        b: options.b,
        seed: options.seed,
        layer,
        update: u.update,
        mean_reward: u.meanReward,
        std_reward: u.stdReward,
        mean_p_hat: u.meanPHat,
        mean_keep_probability: u.meanKeepProbability,
        kept_thresholded: u.keptThresholded,
        evaluated: u.evaluated,
        wall_ms: u.wallMs,
      });
    }
    state.p = pAfter;
    state.done = li + 1;
    if (ckpt) await saveModel(ckpt, { description, weights }, { [PIPELINE_STATE_JSON]: `${JSON.stringify(state)}\n` });
    task.tick(1, `${layer}: kept ${keep.length}/${n}, p̂ ${decision.pHat.toFixed(2)} → ${pAfter.toFixed(2)} after fine-tuning`);
    await options.onLayerDone?.(li);
  }
  task.done();
  return { description, weights, layerRows: state.layerRows, updateRows: state.updateRows, pBase, pFinal: state.p, resumedAt };
}

/** Per-layer keep counts of a finished run, for the count-matched baselines. */
export function keepCountsOf(rows: readonly LayerRow[]): Record<string, number> {
  return Object.fromEntries(rows.map((r) => [r.layer, r.filters_after as number]));
}
