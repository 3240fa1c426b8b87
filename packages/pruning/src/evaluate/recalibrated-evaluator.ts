import * as tf from '@tensorflow/tfjs';
import { ConfusionMatrix, downstreamBatchNorms, InferenceNet, recalibrateBatchNorm, removeFilters } from '@l2p/models';
import { keptIndices } from '../agent/masks';
import { CandidateEvaluator, EvaluatorOptions } from './candidate-evaluator';
import { addPredictions, metricPoints } from './reward-data';

/**
 * Candidates scored with BN recalibration, the reference way: for each mask, remove the filters for real,
 * re-estimate the BN layers after the cut on `calibrationImages` (see ScoringOptions.batchNorm), and evaluate
 * the reward split from the input.
 */
export function recalibratedEvaluator(options: EvaluatorOptions & { calibrationImages: tf.Tensor4D }): CandidateEvaluator {
  return {
    async evaluate(masks) {
      const scores: number[] = [];
      for (const mask of masks) {
        const cut = removeFilters(options.description, options.weights, options.layer, keptIndices(mask));
        const only = downstreamBatchNorms(cut.description, options.layer);
        const weights = recalibrateBatchNorm(cut.description, cut.weights, options.calibrationImages, { only });
        const net = new InferenceNet(cut.description, weights);
        const confusion = new ConfusionMatrix(options.description.numClasses);
        for (const batch of options.reward.batches) {
          const logits = net.predict(batch.x);
          addPredictions(confusion, logits, batch.y);
          logits.dispose();
        }
        net.dispose();
        tf.dispose([...Object.values(cut.weights), ...Object.values(weights)].filter((t, i, all) => all.indexOf(t) === i));
        scores.push(metricPoints(options.description, confusion));
      }
      return scores;
    },
    dispose() {},
  };
}
