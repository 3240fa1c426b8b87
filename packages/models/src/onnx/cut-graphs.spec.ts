import * as tf from '@tensorflow/tfjs';
import { createOnnxSession, ortFloat32, Rng, selectBackend } from '@l2p/runtime';
import { CalibratedSuffix, disposeNormStats, type NormStats } from '../inference/calibrated-suffix';
import { InferenceNet } from '../inference/inference-net';
import { randomImages, randomKeep, randomWeights, relativeMaxDiff, TINY, tinyDescription } from '../testing/fixtures';
import { recalibratedOracle } from '../testing/recalibration-oracle';
import { buildModel } from '../build/builder';
import { disposeWeights } from '../weights/types';
import { exportPrefix, exportSuffix, frontierName, LOGITS, MASK_INPUT, statsNames } from './cut-graphs';

beforeAll(async () => {
  await selectBackend('wasm');
});

/** NCHW (or [N, F]) onnxruntime output data → an NHWC tf tensor. */
function nhwc(data: Float32Array, dims: readonly number[]): tf.Tensor {
  return tf.tidy(() => (dims.length === 4 ? tf.transpose(tf.tensor4d(data, dims as [number, number, number, number]), [0, 2, 3, 1]) : tf.tensor(data, [...dims])));
}

function masksFor(filters: number, rng: Rng, count: number): Float32Array[] {
  return Array.from({ length: count }, (_, i) => {
    const keep = i === 0 ? [...Array(filters).keys()] : randomKeep(filters, Math.max(1, Math.ceil(filters * 0.6)), rng);
    return Float32Array.from({ length: filters }, (_, f) => (keep.includes(f) ? 1 : 0));
  });
}

describe.each(Object.keys(TINY))('cut graphs: %s', (name) => {
  const description = tinyDescription(name);
  const weights = randomWeights(description, 13);
  const net = new InferenceNet(description, weights);
  const x = randomImages([3, ...description.inputShape], 6);
  const calibration = randomImages([10, ...description.inputShape], 7);
  const layers = description.groups.map((g) => g.name);
  const picks = [layers[0], layers[Math.floor(layers.length / 2)], layers[layers.length - 1]];
  afterAll(() => {
    net.dispose();
    disposeWeights(weights);
    tf.dispose([x, calibration]);
  });

  /** Runs the prefix graph on `images`: frontier node → onnxruntime input tensor. */
  async function prefix(layer: string, images: tf.Tensor4D) {
    const { model, cut } = exportPrefix(description, weights, layer);
    const session = await createOnnxSession(model);
    const out = await session.run({ input: ortFloat32((await images.data()) as Float32Array, images.shape) });
    await session.release();
    return { cut, feeds: Object.fromEntries(cut.frontier.map((f) => [frontierName(f.node), out[frontierName(f.node)]])) };
  }

  it.each(picks)('prefix + suffix (K masks in one run) equal InferenceNet.forwardFrom at %s', async (layer) => {
    const { cut, feeds } = await prefix(layer, x);
    const cache = net.activationsAfter(layer, x);
    // The prefix's activation output equals the cached activation.
    const act = feeds[frontierName(cut.activation)];
    const actNhwc = nhwc(act.data as Float32Array, act.dims);
    expect(relativeMaxDiff(actNhwc, cache.activation)).toBeLessThan(1e-5);
    const filters = cache.activation.shape[3] as number;
    const masks = masksFor(filters, new Rng(3), 3);
    const expected = net.forwardFrom(cache, { candidates: masks });
    const suffix = await createOnnxSession(exportSuffix(description, weights, layer, { norm: 'folded', output: 'logits' }).model);
    const flat = new Float32Array(masks.length * filters);
    masks.forEach((m, i) => flat.set(m, i * filters));
    const out = (await suffix.run({ ...feeds, [MASK_INPUT]: ortFloat32(flat, [masks.length, filters]) }))[LOGITS];
    await suffix.release();
    const got = tf.tensor(out.data as Float32Array, [masks.length, 3, ...expected.shape.slice(2)]);
    expect(relativeMaxDiff(got, expected)).toBeLessThan(1e-4);
    tf.dispose([actNhwc, expected, got]);
    cache.dispose();
  });

  it.each(picks)('adaptive BN at %s: tfjs and onnxruntime equal the oracle (filters removed, later BNs recalibrated)', async (layer) => {
    const cache = net.activationsAfter(layer, x);
    const calCache = net.activationsAfter(layer, calibration);
    const suffix = new CalibratedSuffix(net, description, weights, layer);
    const filters = cache.activation.shape[3] as number;
    const masks = masksFor(filters, new Rng(5), 3);
    const stats = suffix.calibrate(calCache, masks);
    expect([...stats.keys()]).toEqual(suffix.cut.norms);
    const calibrated = suffix.forward(cache, masks, stats);

    // onnxruntime: calibration graph → statistics → scoring graph with them.
    const flat = new Float32Array(masks.length * filters);
    masks.forEach((m, i) => flat.set(m, i * filters));
    const mask = ortFloat32(flat, [masks.length, filters]);
    let ortLogits: tf.Tensor | undefined;
    if (suffix.cut.norms.length > 0) {
      const calFeeds = (await prefix(layer, calibration)).feeds;
      const calSession = await createOnnxSession(exportSuffix(description, weights, layer, { norm: 'calibrate' }).model);
      const statsOut = await calSession.run({ ...calFeeds, [MASK_INPUT]: mask });
      await calSession.release();
      for (const bn of suffix.cut.norms) {
        const s = stats.get(bn);
        const ortMean = tf.tensor(statsOut[statsNames(bn).mean].data as Float32Array, statsOut[statsNames(bn).mean].dims as number[]);
        expect(relativeMaxDiff(ortMean, s?.mean as tf.Tensor)).toBeLessThan(1e-4);
        ortMean.dispose();
      }
      const scoring = await createOnnxSession(exportSuffix(description, weights, layer, { norm: 'given', output: 'logits' }).model);
      const { feeds } = await prefix(layer, x);
      const out = (await scoring.run({ ...feeds, ...Object.fromEntries(Object.entries(statsOut)), [MASK_INPUT]: mask }))[LOGITS];
      await scoring.release();
      ortLogits = tf.tensor(out.data as Float32Array, calibrated.shape);
      expect(relativeMaxDiff(ortLogits, calibrated)).toBeLessThan(1e-4);
    }

    // The oracle, per candidate: physically pruned, every later BN's statistics from a full-batch pass.
    for (let k = 0; k < masks.length; k++) {
      const keep = [...masks[k].keys()].filter((i) => masks[k][i] === 1);
      const oracle = recalibratedOracle(description, weights, layer, keep, calibration);
      const model = buildModel(oracle.description, oracle.weights);
      const expected = model.predict(x) as tf.Tensor;
      const got = tf.tidy(() => tf.squeeze(tf.slice(calibrated, [k], [1]), [0]));
      expect({ k, diff: relativeMaxDiff(got, expected) < 1e-4 }).toEqual({ k, diff: true });
      tf.dispose([expected, got]);
      model.dispose();
      disposeWeights(oracle.weights);
    }
    // With BNs after the cut, recalibration changes the outputs (so the comparisons above can fail).
    if (suffix.cut.norms.length > 0) {
      const plain = net.forwardFrom(cache, { candidates: masks });
      expect(relativeMaxDiff(plain, calibrated)).toBeGreaterThan(1e-3);
      plain.dispose();
    } else {
      expect(stats.size).toBe(0);
      const plain = net.forwardFrom(cache, { candidates: masks });
      expect(relativeMaxDiff(plain, calibrated)).toBeLessThan(1e-5);
      plain.dispose();
    }
    tf.dispose([calibrated, ortLogits as tf.Tensor]);
    disposeNormStats(stats as NormStats);
    suffix.dispose();
    cache.dispose();
    calCache.dispose();
  });
});
