import * as tf from '@tensorflow/tfjs';
import { type ActivationCache, CalibratedSuffix, ConfusionMatrix, cutAt, disposeNormStats, InferenceNet } from '@l2p/models';
import type { Mask } from '../agent/masks';
import { calibrationImages } from './calibration';
import { type CandidateEvaluator, DEFAULT_MAX_IMAGES_PER_PASS, type EvaluatorOptions, type ImageWindow } from './evaluator-options';
import { disposeSlices, rewardSlices } from './reward-window';
import { addCandidatePredictions, metricPoints } from './metric-points';

/** Images [offset, offset + count) of a cached batch: every cached tensor sliced along the batch axis. */
function sliceCache(cache: ActivationCache, offset: number, count: number): ActivationCache {
  const tensors = new Map([...cache.tensors].map(([name, t]) => [name, tf.slice(t, [offset], [count])]));
  const activation = [...cache.tensors].find(([, t]) => t === cache.activation)?.[0] as string;
  return { layer: cache.layer, batchSize: count, activation: tensors.get(activation) as tf.Tensor, tensors, dispose: () => tensors.forEach((t) => t.dispose()) };
}

/** The cached evaluator on tfjs (the compute backend): InferenceNet caches, BN folded; CalibratedSuffix for adaptive BN. */
export function tfjsEvaluator(options: EvaluatorOptions): CandidateEvaluator {
  const { description, layer, reward } = options;
  const net = new InferenceNet(description, options.weights);
  const caches = reward.batches.map((b) => net.activationsAfter(layer, b.x));
  const maxImages = options.maxImagesPerPass ?? DEFAULT_MAX_IMAGES_PER_PASS;
  const calibrate = options.calibration !== undefined && cutAt(description, layer).norms.length > 0;
  let suffix: CalibratedSuffix | undefined;
  let calibrationCache: ReturnType<InferenceNet['activationsAfter']> | undefined;
  if (calibrate && options.calibration) {
    suffix = new CalibratedSuffix(net, description, options.weights, layer);
    const images = calibrationImages(options.calibration, description.inputShape);
    calibrationCache = net.activationsAfter(layer, images);
    images.dispose();
  }
  const largestBatch = Math.max(1, ...caches.map((c) => c.batchSize), calibrationCache?.batchSize ?? 1);
  return {
    async evaluate(masks: readonly Mask[], window?: ImageWindow) {
      const confusions = masks.map(() => new ConfusionMatrix(description.numClasses));
      const perPass = Math.max(1, Math.floor(maxImages / largestBatch));
      const slices = rewardSlices(reward.batches, window);
      // The cached activations of each piece of the window (the caches themselves when a piece is a whole batch).
      const pieces = slices.map((sl) => ({ y: sl.y, cache: sl.x === reward.batches[sl.batch].x ? caches[sl.batch] : sliceCache(caches[sl.batch], sl.offset, sl.x.shape[0]) }));
      try {
        for (let start = 0; start < masks.length; start += perPass) {
          const group = masks.slice(start, start + perPass);
          const stats = suffix && calibrationCache ? suffix.calibrate(calibrationCache, group) : undefined;
          for (const { cache, y } of pieces) {
            const out = suffix && stats ? suffix.forward(cache, group, stats) : net.forwardFrom(cache, { candidates: group });
            addCandidatePredictions(confusions, start, out, y);
            out.dispose();
          }
          if (stats) disposeNormStats(stats);
        }
      } finally {
        pieces.forEach((p, i) => p.cache !== caches[slices[i].batch] && p.cache.dispose());
        disposeSlices(reward.batches, slices);
      }
      return confusions.map((c) => metricPoints(description, c));
    },
    dispose() {
      caches.forEach((c) => c.dispose());
      calibrationCache?.dispose();
      suffix?.dispose();
      net.dispose();
    },
  };
}
