import * as tf from '@tensorflow/tfjs';
import { Rng, selectBackend } from '@l2p/runtime';
import { keptCount, Mask } from './masks';
import { LayerProblem, trainAgent } from './train-agent';

/** A layer of N 3×3×4 filters in which only `useful` have weights; the rest are exact zeros. */
function zeroFilterLayer(n: number, useful: number[], seed: number): { kernel: Float32Array; shape: number[] } {
  const rng = new Rng(seed);
  const shape = [3, 3, 4, n];
  const kernel = new Float32Array(3 * 3 * 4 * n);
  for (let j = 0; j < kernel.length / n; j++) for (const i of useful) kernel[j * n + i] = rng.normal();
  return { kernel, shape };
}

describe('trainAgent (REINFORCE)', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('learns to drop exactly the filters that are zeros and keep the ones that matter', async () => {
    const n = 24;
    const useful = [0, 3, 5, 8, 13, 21];
    const { kernel, shape } = zeroFilterLayer(n, useful, 1);
    // Removing a zero filter changes nothing; removing a useful one costs 4 points.
    const problem: LayerProblem = {
      layer: 'toy',
      kernel,
      kernelShape: shape,
      p: 95,
      b: 1,
      evaluateMasks: async (masks: Mask[]) => masks.map((mk) => 95 - 4 * useful.filter((i) => mk[i] === 0).length),
    };
    const result = await trainAgent(problem, { maxUpdates: 150 }, new Rng(3));
    for (const i of useful) expect(result.mask[i]).toBe(1);
    const droppedZeros = Array.from({ length: n }, (_, i) => i).filter((i) => !useful.includes(i) && result.mask[i] === 0).length;
    expect(droppedZeros).toBeGreaterThanOrEqual(0.6 * (n - useful.length));
    expect(result.pHatAtDecision).toBe(95);
    expect(result.decisionSource).toBe('threshold');
    expect(result.updates.length).toBeGreaterThanOrEqual(15);
    // The mean reward rises over training.
    const early = result.updates.slice(0, 5).reduce((s, u) => s + u.meanReward, 0) / 5;
    const late = result.updates.slice(-5).reduce((s, u) => s + u.meanReward, 0) / 5;
    expect(late).toBeGreaterThan(early);
  });

  it('prunes more with a larger budget b', async () => {
    const n = 20;
    // Filter i costs 0.15·i points when removed: cheap filters first, expensive ones later.
    const { kernel, shape } = zeroFilterLayer(n, Array.from({ length: n }, (_, i) => i), 2);
    const evaluateMasks = async (masks: Mask[]): Promise<number[]> =>
      masks.map((mk) => 90 - Array.from(mk).reduce((s, keep, i) => s + (keep ? 0 : 0.15 * i), 0));
    const run = async (b: number): Promise<number> =>
      (
        await trainAgent({ layer: 'graded', kernel, kernelShape: shape, p: 90, b, evaluateMasks }, { maxUpdates: 120 }, new Rng(4))
      ).kept;
    const keptSmallB = await run(0.5);
    const keptLargeB = await run(6);
    expect(keptLargeB).toBeLessThan(keptSmallB);
  });

  it('moves the layer\'s keep rate faster with a shared offset', async () => {
    const n = 48;
    const { kernel, shape } = zeroFilterLayer(n, Array.from({ length: n }, (_, i) => i), 11);
    // Every filter is nearly free to remove (0.02 points each, b = 2): the reward says "prune more" through
    // φ alone, a signal each filter's own logit sees only as its 1/N share.
    const problem: LayerProblem = {
      layer: 'offset',
      kernel,
      kernelShape: shape,
      p: 95,
      b: 2,
      evaluateMasks: async (masks: Mask[]) => masks.map((mk) => 95 - 0.02 * (n - keptCount(mk))),
    };
    const meanKeepAfter = async (sharedOffset: boolean): Promise<number> => {
      const result = await trainAgent(problem, { sharedOffset, minUpdates: 12, maxUpdates: 12 }, new Rng(12));
      return result.updates[result.updates.length - 1].meanKeepProbability;
    };
    const without = await meanKeepAfter(false);
    const withOffset = await meanKeepAfter(true);
    expect(without).toBeLessThan(0.5);
    expect(withOffset).toBeLessThan(0.7 * without);
  });

  it('falls back to the best sampled mask within the bound when the thresholded decision breaks it', async () => {
    const n = 4;
    const { kernel, shape } = zeroFilterLayer(n, [0, 1, 2, 3], 5);
    const evaluateMasks = async (masks: Mask[]): Promise<number[]> => masks.map((mk) => 90 - 3 * (n - keptCount(mk)));
    // Start below 0.5 and stop at once, learning (almost) nothing: the thresholded mask keeps 1 filter (drop 9 > b = 5).
    const result = await trainAgent(
      { layer: 'fallback', kernel, kernelShape: shape, p: 90, b: 5, evaluateMasks },
      { initialKeepProbability: 0.4, minUpdates: 2, maxUpdates: 2, learningRate: 1e-4 },
      new Rng(6),
    );
    expect(result.stopReason).toBe('max-updates');
    expect(result.pHatThreshold).toBe(81);
    expect(result.decisionSource).toBe('best-sample');
    expect(90 - result.pHatAtDecision).toBeLessThanOrEqual(5);
    expect(result.kept).toBe(3); // the best-rewarded mask within the bound removes one filter (drop 3)
  });

  it('is deterministic for a seed, and does not leak tensors', async () => {
    const { kernel, shape } = zeroFilterLayer(12, [1, 2], 7);
    const problem: LayerProblem = {
      layer: 'det',
      kernel,
      kernelShape: shape,
      p: 90,
      b: 2,
      evaluateMasks: async (masks) => masks.map((mk) => 90 - 5 * (1 - mk[1]) - 5 * (1 - mk[2])),
    };
    const before = tf.memory().numTensors;
    const a = await trainAgent(problem, { maxUpdates: 20 }, new Rng(8));
    expect(tf.memory().numTensors).toBe(before);
    const b = await trainAgent(problem, { maxUpdates: 20 }, new Rng(8));
    expect(Array.from(b.mask)).toEqual(Array.from(a.mask));
    expect(b.updates.map((u) => u.meanReward)).toEqual(a.updates.map((u) => u.meanReward));
  });

  it('never stops before minUpdates even when keep-all looks stable', async () => {
    const { kernel, shape } = zeroFilterLayer(8, [0], 9);
    const result = await trainAgent(
      { layer: 'min', kernel, kernelShape: shape, p: 90, b: 1, evaluateMasks: async (masks) => masks.map(() => 0) },
      { minUpdates: 12, stableUpdates: 2, maxUpdates: 40 },
      new Rng(10),
    );
    expect(result.updates.length).toBeGreaterThanOrEqual(12);
  });
});
