import * as tf from '@tensorflow/tfjs';
import { ConfusionMatrix, type GroupCache, InferenceNet } from '@l2p/models';
import type { Mask } from '../agent/masks';
import { type CandidateEvaluator, DEFAULT_MAX_IMAGES_PER_PASS, type EvaluatorOptions, type ImageWindow } from './evaluator-options';
import { addCandidatePredictions, metricPoints } from './reward-data';
import { disposeSlices, rewardSlices } from './reward-window';

function sliceCache(cache: GroupCache, offset: number, count: number): GroupCache {
  const tensors = new Map([...cache.tensors].map(([name, t]) => [name, tf.slice(t, [offset], [count])]));
  return { group: cache.group, batchSize: count, tensors, dispose: () => tensors.forEach((t) => t.dispose()) };
}

/**
 * Candidate scoring for a channel group (`options.layer` names the group): the values before the group's first
 * mask point are computed once per reward image and kept; a candidate runs the rest of the network with its mask
 * applied at every one of the group's mask points, K candidates in one batched pass. On tfjs, with the BN moving
 * statistics ('moving' scoring): the members of a group sit in different parts of the network, so neither the
 * single-cut ONNX suffix nor the single-cut BN recalibration applies.
 */
export function groupEvaluator(options: EvaluatorOptions): CandidateEvaluator {
  const { description, layer: group, reward } = options;
  const net = new InferenceNet(description, options.weights);
  const caches = reward.batches.map((b) => net.groupActivations(group, b.x));
  const maxImages = options.maxImagesPerPass ?? DEFAULT_MAX_IMAGES_PER_PASS;
  const largestBatch = Math.max(1, ...caches.map((c) => c.batchSize));
  return {
    async evaluate(masks: readonly Mask[], window?: ImageWindow) {
      const confusions = masks.map(() => new ConfusionMatrix(description.numClasses));
      const perPass = Math.max(1, Math.floor(maxImages / largestBatch));
      const slices = rewardSlices(reward.batches, window);
      const pieces = slices.map((sl) => ({ y: sl.y, cache: sl.x === reward.batches[sl.batch].x ? caches[sl.batch] : sliceCache(caches[sl.batch], sl.offset, sl.x.shape[0]) }));
      try {
        for (let start = 0; start < masks.length; start += perPass) {
          const chunk = masks.slice(start, start + perPass);
          for (const { cache, y } of pieces) {
            const out = net.forwardGroup(cache, chunk);
            addCandidatePredictions(confusions, start, out, y);
            out.dispose();
          }
        }
      } finally {
        pieces.forEach((p, i) => p.cache !== caches[slices[i].batch] && p.cache.dispose());
        disposeSlices(reward.batches, slices);
      }
      return confusions.map((c) => metricPoints(description, c));
    },
    dispose() {
      caches.forEach((c) => c.dispose());
      net.dispose();
    },
  };
}
