import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { arrayBatchSource, countModel, disposeWeights, filterCount, importLayersModel, registerFileIO, trainModel, unitKernel, unitNames } from '@l2p/models';
import { patternDataset, residualConcatNet } from '@l2p/models/testing';
import { selectBackend } from '@l2p/runtime';
import { loadLabelledBatches } from '../evaluate/labelled-batches';
import { makeFineTuner } from './fine-tune';
import { keepCountsOf, runPruning } from './pipeline';

let tmp: string;
beforeAll(async () => {
  await selectBackend('wasm');
  registerFileIO();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-groups-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

it('prunes an imported Functional net (residual add, concatenation) group by group with adaptive-BN scoring, trained, within b, and L1 and Taylor follow the counts', async () => {
  const classes = 4;
  const model = residualConcatNet({ size: 16, channels: 3, classes, seed: 2, width: 8 });
  await model.save(`file://${tmp}/base`);
  model.dispose();
  const { description, weights: initial } = await importLayersModel(path.join(tmp, 'base', 'model.json'));
  const train = patternDataset(256, classes, 16, 1);
  const { weights } = await trainModel({
    description,
    initialWeights: initial,
    train: arrayBatchSource({ ...train, batchSize: 32, shuffleSeed: 1 }),
    epochs: 5,
    learningRate: 0.05,
    schedule: { kind: 'cosine' },
    seed: 1,
  });
  disposeWeights(initial);
  const held = patternDataset(128, classes, 16, 101);
  const reward = await loadLabelledBatches(arrayBatchSource({ ...held, batchSize: 64 }));
  tf.dispose([held.x, held.y]);
  const source = arrayBatchSource({ ...train, batchSize: 32, shuffleSeed: 3 });
  // A fixed sample of training images: what adaptive-BN scoring and Taylor read (never the reward split).
  const sampleSet = patternDataset(64, classes, 16, 7);
  const trainSample = await loadLabelledBatches(arrayBatchSource({ ...sampleSet, batchSize: 64 }));
  tf.dispose([sampleSet.x, sampleSet.y]);
  const common = {
    b: 2,
    seed: 0,
    description,
    weights,
    reward,
    trainSample,
    fineTune: makeFineTuner(source, { epochs: 1, learningRate: 0.01, seed: 0 }),
    // The demo's scoring, for groups as for single convs: BN after the cut re-estimated per candidate.
    scoring: { batchNorm: 'recalibrate' as const },
    agent: { minUpdates: 10, maxUpdates: 40, samplesPerUpdate: 8 },
  };
  // The group's rows are every member's filters: stem + res_conv give 2 kernels side by side.
  const stem = unitKernel(description, weights, 'stem');
  expect(stem.shape).toEqual([(3 * 3 * 3 + 3 * 3 * 8), 8]);
  expect(description.groups.some((g) => g.members.length > 1)).toBe(true);
  const agent = await runPruning({ ...common, method: 'agent' });
  expect(agent.pBase).toBeGreaterThan(100 / classes + 20);
  expect(agent.layerRows.map((r) => r.layer)).toEqual(unitNames(description));
  expect(agent.pBase - agent.pFinal).toBeLessThanOrEqual(2);
  expect(countModel(agent.description).params).toBeLessThan(countModel(description).params);
  for (const g of agent.description.groups) {
    const row = agent.layerRows.find((r) => r.layer === g.name);
    expect(filterCount(agent.description, g.name)).toBe(row?.filters_after);
  }
  const counts = keepCountsOf(agent.layerRows);
  const l1 = await runPruning({ ...common, method: 'l1', keepCounts: counts });
  expect(keepCountsOf(l1.layerRows)).toEqual(counts);
  const taylor = await runPruning({ ...common, method: 'taylor', keepCounts: counts });
  expect(keepCountsOf(taylor.layerRows)).toEqual(counts);
  disposeWeights(agent.weights);
  disposeWeights(l1.weights);
  disposeWeights(taylor.weights);
  trainSample.dispose();
  disposeWeights(weights);
  reward.dispose();
  tf.dispose([train.x, train.y]);
}, 240_000);
