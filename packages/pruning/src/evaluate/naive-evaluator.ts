import * as tf from '@tensorflow/tfjs';
import { buildModel, ConfusionMatrix, removeFilters } from '@l2p/models';
import { keptIndices } from '../agent/masks';
import type { CandidateEvaluator, EvaluatorOptions } from './evaluator-options';
import { addPredictions, metricPoints } from './metric-points';
import { disposeSlices, rewardSlices } from './reward-window';

/**
 * The reference path: for each candidate, remove the filters for real, build the tf.LayersModel and evaluate it
 * from the input. Slow by design; tests check the fast paths against it, and tools/bench/agent-eval measures it.
 * Without calibration only (the recalibration oracle is in @l2p/models/testing).
 */
export function naiveEvaluator(options: EvaluatorOptions): CandidateEvaluator {
  return {
    async evaluate(masks, window) {
      const scores: number[] = [];
      const slices = rewardSlices(options.reward.batches, window);
      for (const mask of masks) {
        const pruned = removeFilters(options.description, options.weights, options.layer, keptIndices(mask));
        const model = buildModel(pruned.description, pruned.weights);
        const confusion = new ConfusionMatrix(options.description.numClasses);
        for (const { x, y } of slices) {
          const logits = model.predict(x) as tf.Tensor;
          addPredictions(confusion, logits, y);
          logits.dispose();
        }
        model.dispose();
        tf.dispose(Object.values(pruned.weights));
        scores.push(metricPoints(options.description, confusion));
      }
      disposeSlices(options.reward.batches, slices);
      return scores;
    },
    dispose() {},
  };
}

