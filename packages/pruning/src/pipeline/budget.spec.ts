import * as tf from '@tensorflow/tfjs';
import { batchNormsAfter, disposeWeights, filterCount, ModelDescription, recalibrateBatchNorm, weightName, Weights } from '@l2p/models';
import { selectBackend } from '@l2p/runtime';
import { loadLabelledBatches, LabelledBatches } from '../evaluate/labelled-batches';
import { trainedProblem, TrainedProblem } from '../testing';
import { FineTuner, PruneRunOptions } from './pipeline-options';
import { PruneRunResult, runPruning } from './pipeline';
import { networkMetric } from '../evaluate/network-metric';

/**
 * The budget contract on a trained network (so cuts change accuracy): b is held on the final network's
 * reward-split drop against the base, the guard gives filters back when fine-tuning breaks it, the final
 * fine-tuning is undone when it would, and the agent finds filters that do nothing.
 */
describe('the budget contract', () => {
  let p: TrainedProblem;
  let trainSample: LabelledBatches;
  beforeAll(async () => {
    await selectBackend('wasm');
    p = await trainedProblem('vgg16');
    trainSample = await loadLabelledBatches({ size: p.calibration.batches[0].shape[0], batches: () => [{ x: tf.clone(p.calibration.batches[0]), y: tf.zeros([p.calibration.batches[0].shape[0]], 'int32') }] });
  });
  afterAll(() => {
    p.dispose();
    trainSample.dispose();
  });

  const agent = { minUpdates: 3, maxUpdates: 6, samplesPerUpdate: 6 };
  /** A "fine-tuning" that wrecks the classifier whenever the network lost filters of `layer`: beyond any b. */
  const wreckingFineTune =
    (layer: string, original: number): FineTuner =>
    async (d: ModelDescription, w: Weights) => {
      if (filterCount(d, layer) === original) return w;
      const out = { ...w };
      out[weightName('fc2', 'kernel')] = tf.neg(w[weightName('fc2', 'kernel')]);
      for (const [name, t] of Object.entries(w)) if (out[name] === t) out[name] = tf.clone(t);
      return out;
    };

  const WRECKED = 'conv3_1';
  /** The agent at b = 3 on WRECKED, fine-tuned by the wrecking fine-tune. */
  const wreckedRun = (overrides: Partial<PruneRunOptions> = {}): Promise<PruneRunResult> =>
    runPruning({
      method: 'agent',
      b: 3,
      seed: 1,
      description: p.description,
      weights: p.weights,
      layers: [WRECKED],
      reward: p.reward,
      trainSample,
      fineTune: wreckingFineTune(WRECKED, filterCount(p.description, WRECKED)),
      agent,
      ...overrides,
    });

  it('gives back every filter of a layer whose fine-tuning breaks b, and keeps the network within b', async () => {
    const n = filterCount(p.description, WRECKED);
    // No recovery pass: a second pass of the wrecking fine-tune would undo the wreck (see the recoveryPasses test).
    const run = await wreckedRun({ budgetPolicy: { recoveryPasses: 0 } });
    const [row] = run.layerRows;
    // The agent removed filters (its decision), the guard gave them all back, after trying gentler cuts.
    expect(row.filters_after).toBe(n);
    expect(row.guard_restored).toBeGreaterThan(0);
    expect(row.fine_tunes as number).toBeGreaterThanOrEqual(2);
    expect(run.pBase - run.pFinal).toBeLessThanOrEqual(3);
    disposeWeights(run.weights);
    // Unguarded (the paper's plain procedure), the same run ends far beyond b.
    const plain = await wreckedRun({ budgetPolicy: { onBreach: 'none' } });
    expect(plain.layerRows[0].filters_after).toBeLessThan(n);
    expect(plain.pBase - plain.pFinal).toBeGreaterThan(3);
    disposeWeights(plain.weights);
  });

  it('fine-tunes a cut that breaks b again before giving filters back (recoveryPasses)', async () => {
    const n = filterCount(p.description, WRECKED);
    // The wrecking fine-tune negates the classifier; a second pass negates it back: a cut that recovers.
    const run = await wreckedRun({ budgetPolicy: { recoveryPasses: 1 } });
    const [row] = run.layerRows;
    expect(row.filters_after).toBeLessThan(n);
    expect(row.guard_restored).toBe(0);
    expect(row.fine_tunes).toBe(2);
    expect(run.pBase - run.pFinal).toBeLessThanOrEqual(3);
    disposeWeights(run.weights);
  });

  it('keeps the per-layer checks layerMargin inside b', async () => {
    const layers = ['conv2_1', 'conv3_1'];
    const common = { method: 'agent', b: 3, seed: 5, description: p.description, weights: p.weights, layers, reward: p.reward, trainSample, fineTune: async (_d: ModelDescription, w: Weights) => w, agent };
    const loose = await runPruning(common);
    // Without a margin the agent's cuts cost accuracy (within b)...
    expect(loose.pBase - loose.pFinal).toBeGreaterThan(0.5);
    // ...with a margin of 2.5 every layer must stay within 0.5 of the base.
    const strict = await runPruning({ ...common, budgetPolicy: { layerMargin: 2.5 } });
    expect(strict.pBase - strict.pFinal).toBeLessThanOrEqual(0.5);
    expect(strict.layerRows.some((r) => (r.guard_restored as number) > 0)).toBe(true);
    [loose.weights, strict.weights].forEach(disposeWeights);
  });

  it('checks the contract on the guard split when there is one, not on the reward split', async () => {
    const n = filterCount(p.description, WRECKED);
    // The reward split's images with every label moved to the next class: the base network is nearly always
    // wrong on it, so no cut can lose b there, while on the reward split the wrecking fine-tune loses far more.
    const shifted = p.reward.batches.map((bt) => ({ x: tf.clone(bt.x), y: tf.tidy(() => tf.mod(tf.add(bt.y, 1), p.description.numClasses)) }));
    const guard: LabelledBatches = { batches: shifted, size: p.reward.size, dispose: () => shifted.forEach((bt) => tf.dispose([bt.x, bt.y])) };
    const run = await wreckedRun({ guard });
    expect(run.contractBefore).toBeLessThan(3);
    expect(run.pBase - run.pFinal).toBeGreaterThan(3); // the reward split would have given the filters back
    // The guard split decided: the cut stands, and the contract holds where it is measured.
    expect(run.layerRows[0].filters_after).toBeLessThan(n);
    expect(run.layerRows[0].guard_restored).toBe(0);
    expect(run.contractBefore - run.contractAfter).toBeLessThanOrEqual(3);
    expect(run.contractAfter).toBeCloseTo(await networkMetric(run.description, run.weights, guard), 10);
    disposeWeights(run.weights);
    guard.dispose();
  });

  it('discards a final fine-tuning that would break b, and keeps one that helps', async () => {
    const layers = ['conv2_1'];
    const common = { method: 'agent', b: 2, seed: 2, description: p.description, weights: p.weights, layers, reward: p.reward, trainSample, fineTune: async (_d: ModelDescription, w: Weights) => w, agent };
    const wrecked = await runPruning({ ...common, finalFineTune: wreckingFineTune('conv1_1', filterCount(p.description, 'conv1_1') + 1) });
    expect(wrecked.finalFineTune).toBe('rejected');
    expect(wrecked.pFinal).toBe(wrecked.pBeforeFinal);
    disposeWeights(wrecked.weights);
    const kept = await runPruning({ ...common, finalFineTune: async (_d, w) => Object.fromEntries(Object.entries(w).map(([k, t]) => [k, tf.clone(t)])) });
    expect(kept.finalFineTune).toBe('accepted');
    disposeWeights(kept.weights);
  });

  it("judges every layer against the base network's p with reference 'base', against the current one with 'layer'", async () => {
    const layers = ['conv1_2', 'conv2_2'];
    const common = { method: 'agent', b: 2, seed: 3, description: p.description, weights: p.weights, layers, reward: p.reward, trainSample, fineTune: async (_d: ModelDescription, w: Weights) => w, agent };
    const base = await runPruning({ ...common, budgetPolicy: { measureFrom: 'base' } });
    expect(base.layerRows.map((r) => r.p_reference)).toEqual([base.pBase, base.pBase]);
    const layer = await runPruning({ ...common, budgetPolicy: { measureFrom: 'layer' } });
    expect(layer.layerRows.map((r) => r.p_reference)).toEqual(layer.layerRows.map((r) => r.p_before));
    [base.weights, layer.weights].forEach(disposeWeights);
  });

  it('leaves a layer whose decision keeps every filter as it was: no fine-tuning, for the agent and the baselines', async () => {
    let calls = 0;
    const counting: FineTuner = async (d, w, info) => {
      calls++;
      return wreckingFineTune(WRECKED, -1)(d, w, info);
    };
    const n = filterCount(p.description, WRECKED);
    const run = await wreckedRun({ method: 'l1', keepCounts: { [WRECKED]: n }, fineTune: counting });
    // The fine-tune would have wrecked the classifier; it is never called, and the network is the base.
    expect(calls).toBe(0);
    expect(run.layerRows[0].fine_tunes).toBe(0);
    expect(run.layerRows[0].filters_after).toBe(n);
    expect(run.pFinal).toBe(run.pBase);
    disposeWeights(run.weights);
  });

  it('finds the filters that do nothing: dead filters (BN scale and shift zero) are the ones the agent removes', async () => {
    const layer = 'conv3_1';
    const n = filterCount(p.description, layer);
    const dead = Array.from({ length: n }, (_, i) => i).filter((i) => i % 2 === 1);
    const zeroed = { ...p.weights };
    for (const param of ['gamma', 'beta']) {
      const values = Float32Array.from(p.weights[weightName(`${layer}_bn`, param)].dataSync());
      for (const i of dead) values[i] = 0;
      zeroed[weightName(`${layer}_bn`, param)] = tf.tensor1d(values);
    }
    // The later BNs re-estimated for the dead channels: the base is a consistent network whose dead filters do
    // nothing (without this, the stale statistics make the base itself bad and every cut look good).
    const weights = recalibrateBatchNorm(p.description, zeroed, p.calibration.batches[0], { only: batchNormsAfter(p.description, layer) });
    const run = await runPruning({
      method: 'agent',
      b: 1,
      seed: 4,
      description: p.description,
      weights,
      layers: [layer],
      reward: p.reward,
      trainSample,
      fineTune: async (_d, w) => w,
      agent: { minUpdates: 10, maxUpdates: 60, samplesPerUpdate: 8 },
    });
    const kept = new Set(run.layerRows[0].kept_indices as number[]);
    const deadRemoved = dead.filter((i) => !kept.has(i)).length;
    const liveRemoved = n - dead.length - [...kept].filter((i) => !dead.includes(i)).length;
    // Removing a dead filter is free and earns φ: the agent removes (nearly) all of them, and more of them than
    // of the live ones.
    expect(deadRemoved).toBeGreaterThanOrEqual(Math.ceil(0.75 * dead.length));
    expect(deadRemoved).toBeGreaterThan(liveRemoved);
    expect(run.pBase).toBeGreaterThan(80); // the fixture's network still works: the test is about accuracy
    expect(run.pBase - (run.layerRows[0].p_hat_decision as number)).toBeLessThanOrEqual(1);
    disposeWeights(run.weights);
    for (const [name, t] of Object.entries(weights)) if (p.weights[name] !== t) t.dispose();
    for (const param of ['gamma', 'beta']) zeroed[weightName(`${layer}_bn`, param)].dispose();
  });
});
