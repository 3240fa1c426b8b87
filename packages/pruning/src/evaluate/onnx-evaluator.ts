import * as tf from '@tensorflow/tfjs';
import { ConfusionMatrix, cutAt, exportPrefix, exportSuffix, frontierName, MASK_INPUT, PREDICTIONS, statsNames, type Cut } from '@l2p/models';
import { createOnnxSession, ortFloat32, type OrtSession, type OrtTensor, requireOnnxRuntime } from '@l2p/runtime';
import type { Mask } from '../agent/masks';
import { calibrationImages } from './calibration';
import { type CandidateEvaluator, DEFAULT_MAX_IMAGES_PER_PASS, type EvaluatorOptions, windowRanges } from './evaluator-options';
import { metricPoints } from './metric-points';

/** A cut's frontier values for a set of images, each one array [N, ...per-image NCHW] (subarrays are views). */
interface Frontier {
  images: number;
  values: Map<string, { data: Float32Array; perImage: number[] }>;
}

function perImageDims(shape: number[]): number[] {
  return shape.length === 3 ? [shape[2], shape[0], shape[1]] : shape;
}

/** Runs the prefix session over the images of `xs` (batch by batch, at most `chunk` per run) into one frontier. */
async function runPrefix(session: OrtSession, cut: Cut, xs: readonly tf.Tensor4D[], chunk: number): Promise<Frontier> {
  const n = xs.reduce((sum, x) => sum + x.shape[0], 0);
  const values = new Map(
    cut.frontier.map((f) => {
      const perImage = perImageDims(f.shape);
      return [f.node, { data: new Float32Array(n * perImage.reduce((a, b) => a * b, 1)), perImage }];
    }),
  );
  let done = 0;
  for (const x of xs) {
    const perImageInput = x.size / x.shape[0];
    const input = (await x.data()) as Float32Array;
    for (let start = 0; start < x.shape[0]; start += chunk) {
      const count = Math.min(chunk, x.shape[0] - start);
      const out = await session.run({ input: ortFloat32(input.subarray(start * perImageInput, (start + count) * perImageInput), [count, ...x.shape.slice(1)]) });
      for (const f of cut.frontier) {
        const v = values.get(f.node) as { data: Float32Array; perImage: number[] };
        v.data.set(out[frontierName(f.node)].data as Float32Array, (done + start) * (v.data.length / n));
      }
    }
    done += x.shape[0];
  }
  return { images: n, values };
}

/** Frontier inputs for images [start, start + count). */
function frontierFeeds(frontier: Frontier, start: number, count: number): Record<string, OrtTensor> {
  const feeds: Record<string, OrtTensor> = {};
  for (const [node, v] of frontier.values) {
    const size = v.data.length / frontier.images;
    feeds[frontierName(node)] = ortFloat32(v.data.subarray(start * size, (start + count) * size), [count, ...v.perImage]);
  }
  return feeds;
}

function maskTensor(group: readonly Mask[], channels: number): OrtTensor {
  const flat = new Float32Array(group.length * channels);
  group.forEach((m, i) => flat.set(m, i * channels));
  return ortFloat32(flat, [group.length, channels]);
}

interface OnnxState {
  cut: Cut;
  channels: number;
  reward: Frontier;
  /** Labels of every reward image, concatenated ([N] or [N·H·W]). */
  labels: Int32Array;
  score: OrtSession;
  /** With adaptive BN: the calibration images' frontier and the session computing per-candidate statistics. */
  calibration?: { frontier: Frontier; session: OrtSession };
}

/**
 * The cached evaluator on onnxruntime: a prefix graph computes the frontier of every reward (and calibration)
 * image once, then a suffix graph scores K masks per run on up to `maxImagesPerPass` images, returning the argmax
 * class per image (so only int32 predictions cross into JS). With adaptive BN, a calibration graph first turns
 * the calibration images into per-candidate BN statistics, which the scoring graph takes as inputs.
 */
export function onnxEvaluator(options: EvaluatorOptions): CandidateEvaluator {
  requireOnnxRuntime(); // fail now, with how to install it, rather than at the first evaluate
  const { description, weights, layer, reward } = options;
  const maxImages = options.maxImagesPerPass ?? DEFAULT_MAX_IMAGES_PER_PASS;
  const cut = cutAt(description, layer);
  const calibrate = options.calibration !== undefined && cut.norms.length > 0;
  // The graphs are written now (they read the weights, which the caller may dispose afterwards); the sessions and
  // the cached activations are made on the first evaluate.
  const prefixModel = exportPrefix(description, weights, layer).model;
  const scoreModel = exportSuffix(description, weights, layer, { norm: calibrate ? 'given' : 'folded' }).model;
  const calibrateModel = calibrate ? exportSuffix(description, weights, layer, { norm: 'calibrate' }).model : undefined;
  const calibrationX = calibrate && options.calibration ? calibrationImages(options.calibration, description.inputShape) : undefined;
  let state: Promise<OnnxState> | undefined;
  const sessions: OrtSession[] = [];

  async function init(): Promise<OnnxState> {
    const prefix = await createOnnxSession(prefixModel);
    sessions.push(prefix);
    try {
      const frontier = await runPrefix(prefix, cut, reward.batches.map((b) => b.x), maxImages);
      const labels = new Int32Array(reward.batches.reduce((sum, b) => sum + b.y.size, 0));
      reward.batches.reduce((offset, b) => {
        labels.set(b.y.dataSync(), offset);
        return offset + b.y.size;
      }, 0);
      const score = await createOnnxSession(scoreModel);
      sessions.push(score);
      let calibration: OnnxState['calibration'];
      if (calibrateModel && calibrationX) {
        const session = await createOnnxSession(calibrateModel);
        sessions.push(session);
        calibration = { frontier: await runPrefix(prefix, cut, [calibrationX], maxImages), session };
        calibrationX.dispose();
      }
      const channels = cut.frontier[0].shape[cut.frontier[0].shape.length - 1];
      return { cut, channels, reward: frontier, labels, score, calibration };
    } finally {
      await prefix.release();
      sessions.splice(sessions.indexOf(prefix), 1);
    }
  }

  return {
    async evaluate(masks, window) {
      state ??= init();
      const s = await state;
      const confusions = masks.map(() => new ConfusionMatrix(description.numClasses));
      const n = s.reward.images;
      const perImageLabels = s.labels.length / n;
      // Images per run: all reward images with as many candidates as fit, or chunks of them one candidate at a time.
      const chunk = Math.min(window?.count ?? n, maxImages);
      const calibrationImagesCount = s.calibration?.frontier.images ?? 0;
      const perPass = Math.max(1, Math.min(Math.floor(maxImages / chunk), calibrationImagesCount > 0 ? Math.floor(maxImages / calibrationImagesCount) : Infinity));
      for (let first = 0; first < masks.length; first += perPass) {
        const group = masks.slice(first, first + perPass);
        const mask = maskTensor(group, s.channels);
        let stats: Record<string, OrtTensor> = {};
        if (s.calibration) {
          const out = await s.calibration.session.run({ ...frontierFeeds(s.calibration.frontier, 0, s.calibration.frontier.images), [MASK_INPUT]: mask });
          stats = Object.fromEntries(s.cut.norms.flatMap((bn) => Object.values(statsNames(bn)).map((name) => [name, out[name]])));
        }
        for (const range of windowRanges(n, window)) {
          for (let start = range.start; start < range.start + range.count; start += chunk) {
            const count = Math.min(chunk, range.start + range.count - start);
            const out = await s.score.run({ ...frontierFeeds(s.reward, start, count), ...stats, [MASK_INPUT]: mask });
            const predictions = out[PREDICTIONS].data as Int32Array;
            const labels = s.labels.subarray(start * perImageLabels, (start + count) * perImageLabels);
            const per = count * perImageLabels;
            group.forEach((_, i) => confusions[first + i].add(labels, predictions.subarray(i * per, (i + 1) * per)));
          }
        }
      }
      return confusions.map((c) => metricPoints(description, c));
    },
    dispose() {
      calibrationX?.dispose();
      for (const session of sessions.splice(0)) void session.release();
    },
  };
}
