import * as tf from '@tensorflow/tfjs';
import { buildModel, ConfusionMatrix, disposeWeights } from '@l2p/models';
import { recalibratedOracle } from '@l2p/models/testing';
import { Rng, selectBackend } from '@l2p/runtime';
import { keptIndices, type Mask, sampleMask } from '../agent/masks';
import { toyProblem, trainedProblem, type TrainedProblem } from '../testing';
import { createCandidateEvaluator, naiveEvaluator } from './candidate-evaluator';
import { addPredictions, metricPoints } from './metric-points';

beforeAll(async () => {
  await selectBackend('wasm');
});

/** The all-ones mask and masks keeping fewer and fewer filters. */
function masksFor(filters: number, rng: Rng): Mask[] {
  return [new Uint8Array(filters).fill(1), ...[0.8, 0.65, 0.5, 0.4, 0.3].map((p) => sampleMask(new Float32Array(filters).fill(p), rng))];
}

/** Images on which two p̂ lists differ, per mask (a difference of one image's worth of points is one image). */
function imagesApart(a: number[], b: number[], images: number): number[] {
  return a.map((v, i) => Math.round((Math.abs(v - b[i]) * images) / 100));
}

async function scores(p: TrainedProblem, layer: string, masks: Mask[], engine: 'tfjs' | 'onnxruntime', calibrated: boolean): Promise<number[]> {
  const evaluator = createCandidateEvaluator({ engine, description: p.description, weights: p.weights, layer, reward: p.reward, calibration: calibrated ? p.calibration : undefined, maxImagesPerPass: 300 });
  try {
    return await evaluator.evaluate(masks);
  } finally {
    evaluator.dispose();
  }
}

const LAYERS = { vgg16: ['conv1_1', 'conv3_3', 'conv5_3'], resnet18: ['layer1_0_conv1', 'layer1_1_conv1'] } as const;

describe.each(['vgg16', 'resnet18'] as const)('candidate evaluation on a trained %s', (architecture) => {
  let p: TrainedProblem;
  beforeAll(async () => {
    p = await trainedProblem(architecture);
  });
  afterAll(() => p.dispose());
  const filters = (layer: string): number => p.weights[`${layer}/kernel`].shape[3] as number;

  it.each(LAYERS[architecture])('at %s: cached tfjs, cached onnxruntime and naive (rebuild per mask) give the same p̂, on masks whose p̂ differ', async (layer) => {
    const masks = masksFor(filters(layer), new Rng(11));
    const naive = await naiveEvaluator({ description: p.description, weights: p.weights, layer, reward: p.reward }).evaluate(masks);
    // The masks matter on this network: a test of equal p̂ that every mask passes with the same value proves nothing.
    expect(new Set(naive).size).toBeGreaterThan(1);
    expect(await scores(p, layer, masks, 'tfjs', false)).toEqual(naive);
    // onnxruntime sums in another order: a near-tie may break the other way, at most one image per mask.
    const ort = await scores(p, layer, masks, 'onnxruntime', false);
    const apart = imagesApart(ort, naive, p.reward.size);
    expect({ layer, apart }).toEqual({ layer, apart: apart.map((d) => Math.min(d, 1)) });
    expect(apart.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);
  });

  it.each(LAYERS[architecture])('adaptive BN at %s: tfjs and onnxruntime agree and equal the oracle (filters removed, later BNs recalibrated)', async (layer) => {
    const masks = masksFor(filters(layer), new Rng(12));
    const tfjs = await scores(p, layer, masks, 'tfjs', true);
    const ort = await scores(p, layer, masks, 'onnxruntime', true);
    expect(imagesApart(ort, tfjs, p.reward.size).every((d) => d <= 1)).toBe(true);
    const calibration = p.calibration.batches[0];
    // The oracle rebuilds the network once per BN and mask: three masks keep the test short.
    const some = [0, 2, 4];
    const oracle = some.map((m) => masks[m]).map((mask) => {
      const cut = recalibratedOracle(p.description, p.weights, layer, keptIndices(mask), calibration);
      const model = buildModel(cut.description, cut.weights);
      const confusion = new ConfusionMatrix(p.description.numClasses);
      for (const batch of p.reward.batches) {
        const logits = model.predict(batch.x) as tf.Tensor;
        addPredictions(confusion, logits, batch.y);
        logits.dispose();
      }
      model.dispose();
      disposeWeights(cut.weights);
      return metricPoints(p.description, confusion);
    });
    expect(imagesApart(some.map((m) => tfjs[m]), oracle, p.reward.size).every((d) => d <= 1)).toBe(true);
  });

  it('calibration changes p̂ for some mask (so the comparisons above can fail)', async () => {
    let changed = 0;
    for (const layer of LAYERS[architecture]) {
      const masks = masksFor(filters(layer), new Rng(12));
      const plain = await scores(p, layer, masks, 'tfjs', false);
      const calibrated = await scores(p, layer, masks, 'tfjs', true);
      changed += plain.filter((v, i) => v !== calibrated[i]).length;
    }
    expect(changed).toBeGreaterThan(0);
  });

  it('scores a window of the reward split (wrapping around its end) as the naive path does, on both engines', async () => {
    const layer = LAYERS[architecture][1];
    const masks = masksFor(filters(layer), new Rng(13));
    const n = p.reward.size;
    // One window inside a batch, one across batches, one that wraps around the end.
    for (const window of [{ start: 3, count: 17 }, { start: 50, count: 40 }, { start: n - 9, count: 30 }]) {
      const naive = await naiveEvaluator({ description: p.description, weights: p.weights, layer, reward: p.reward }).evaluate(masks, window);
      expect(new Set(naive).size).toBeGreaterThan(1);
      for (const engine of ['tfjs', 'onnxruntime'] as const) {
        const evaluator = createCandidateEvaluator({ engine, description: p.description, weights: p.weights, layer, reward: p.reward, maxImagesPerPass: 300 });
        const windowed = await evaluator.evaluate(masks, window);
        evaluator.dispose();
        expect({ engine, window, apart: imagesApart(windowed, naive, window.count).map((d) => Math.min(d, 1)) }).toEqual({ engine, window, apart: imagesApart(windowed, naive, window.count) });
        if (engine === 'tfjs') expect(windowed).toEqual(naive);
      }
    }
    const evaluator = createCandidateEvaluator({ engine: 'tfjs', description: p.description, weights: p.weights, layer, reward: p.reward });
    await expect(evaluator.evaluate(masks, { start: n, count: 1 })).rejects.toThrow(/does not fit a reward split of/);
    evaluator.dispose();
  });

  it('does not leak tensors, on either engine, with and without calibration', async () => {
    const layer = LAYERS[architecture][1];
    const masks = masksFor(filters(layer), new Rng(1)).slice(0, 3);
    await scores(p, layer, masks, 'tfjs', true); // warm-up: kernels and backend state
    const before = tf.memory().numTensors;
    for (const engine of ['tfjs', 'onnxruntime'] as const) for (const calibrated of [false, true]) await scores(p, layer, masks, engine, calibrated);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('candidate evaluation on FCN-32s (segmentation, no BN)', () => {
  it('both engines equal the naive path at early, middle and late layers; calibration is a no-op', async () => {
    const { description, weights, reward } = await toyProblem('fcn32s');
    const calibration = { batches: [tf.randomNormal([6, ...description.inputShape], 0, 1, 'float32', 3) as tf.Tensor4D] };
    const layers = description.groups.map((g) => g.name);
    const rng = new Rng(5);
    for (const layer of [layers[0], layers[Math.floor(layers.length / 2)], layers[layers.length - 1]]) {
      const n = weights[`${layer}/kernel`].shape[3] as number;
      const masks = masksFor(n, rng);
      const naive = await naiveEvaluator({ description, weights, layer, reward }).evaluate(masks);
      for (const engine of ['tfjs', 'onnxruntime'] as const) {
        for (const cal of [undefined, calibration]) {
          const evaluator = createCandidateEvaluator({ engine, description, weights, layer, reward, calibration: cal, maxImagesPerPass: 40 });
          expect({ engine, calibrated: cal !== undefined, scores: await evaluator.evaluate(masks) }).toEqual({ engine, calibrated: cal !== undefined, scores: naive });
          evaluator.dispose();
        }
      }
    }
    disposeWeights(weights);
    reward.dispose();
    tf.dispose(calibration.batches);
  });
});

describe('createCandidateEvaluator', () => {
  it('refuses calibration images that do not fit the network', async () => {
    const { description, weights, reward } = await toyProblem('vgg16');
    const bad = { batches: [tf.zeros([2, 8, 8, 3]) as tf.Tensor4D] };
    for (const engine of ['tfjs', 'onnxruntime'] as const) {
      expect(() => createCandidateEvaluator({ engine, description, weights, layer: 'conv1_1', reward, calibration: bad })).toThrow(
        /calibration: batch 0 has shape \[2, 8, 8, 3\], the network takes \[B, 32, 32, 3\]/,
      );
    }
    expect(() => createCandidateEvaluator({ engine: 'tfjs', description, weights, layer: 'conv1_1', reward, calibration: { batches: [] } })).toThrow(/needs at least one batch/);
    tf.dispose(bad.batches);
    disposeWeights(weights);
    reward.dispose();
  });
});
