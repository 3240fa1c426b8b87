import * as tf from '@tensorflow/tfjs';
import { buildModel, ConfusionMatrix, InferenceNet, ModelDescription, removeFilters, Weights } from '@l2p/models';
import { keptIndices, Mask } from '../agent/masks';
import { addPredictions, metricPoints, RewardData } from './reward-data';

/** Scores candidate masks of one layer: the network's metric on the reward split, in points, per mask. */
export interface CandidateEvaluator {
  evaluate(masks: readonly Mask[]): Promise<number[]>;
  dispose(): void;
}

export interface EvaluatorOptions {
  description: ModelDescription;
  weights: Weights;
  layer: string;
  reward: RewardData;
  /**
   * Most images in one batched pass (K candidates × B reward images). Larger passes amortise per-op overhead;
   * the cap bounds memory. Default 1024.
   */
  maxImagesPerPass?: number;
}

/**
 * The fast path. Nothing before `layer` changes while its agent trains, so the activations leaving it are
 * computed once per reward batch and kept; a candidate is those activations times its channel mask, run through
 * the rest of the network only, and several candidates share one batched pass.
 */
export function cachedEvaluator(options: EvaluatorOptions): CandidateEvaluator {
  const net = new InferenceNet(options.description, options.weights);
  const caches = options.reward.batches.map((b) => net.activationsAfter(options.layer, b.x));
  const maxImages = options.maxImagesPerPass ?? 1024;
  return {
    async evaluate(masks) {
      const confusions = masks.map(() => new ConfusionMatrix(options.description.numClasses));
      options.reward.batches.forEach((batch, bi) => {
        const cache = caches[bi];
        const perPass = Math.max(1, Math.floor(maxImages / cache.batchSize));
        for (let start = 0; start < masks.length; start += perPass) {
          const group = masks.slice(start, start + perPass);
          const out = net.forwardFrom(cache, { candidates: group });
          group.forEach((_, k) => {
            const logits = tf.tidy(() => tf.squeeze(tf.slice(out, [k], [1]), [0]));
            addPredictions(confusions[start + k], logits, batch.y);
            logits.dispose();
          });
          out.dispose();
        }
      });
      return confusions.map((c) => metricPoints(options.description, c));
    },
    dispose() {
      caches.forEach((c) => c.dispose());
      net.dispose();
    },
  };
}

/**
 * The reference path: for each candidate, remove the filters for real, build the tf.LayersModel and evaluate it
 * from the input. Slow by design; tests check the fast path against it, and tools/bench/agent-eval measures both.
 */
export function naiveEvaluator(options: EvaluatorOptions): CandidateEvaluator {
  return {
    async evaluate(masks) {
      const scores: number[] = [];
      for (const mask of masks) {
        const pruned = removeFilters(options.description, options.weights, options.layer, keptIndices(mask));
        const model = buildModel(pruned.description, pruned.weights);
        const confusion = new ConfusionMatrix(options.description.numClasses);
        for (const batch of options.reward.batches) {
          const logits = model.predict(batch.x) as tf.Tensor;
          addPredictions(confusion, logits, batch.y);
          logits.dispose();
        }
        model.dispose();
        tf.dispose(Object.values(pruned.weights));
        scores.push(metricPoints(options.description, confusion));
      }
      return scores;
    },
    dispose() {},
  };
}
