/**
 * A pruning run in a child process, for the kill-and-resume test: `tsx prune-child.ts <dir> <killAfterLayer|-1> <resume 0|1>`.
 * Kills itself with SIGKILL right after the given layer's checkpoint is written; otherwise writes result.json.
 */
import * as fs from 'fs';
import * as path from 'path';
import { selectBackend, writeJsonAtomic } from '@l2p/runtime';
import { arrayBatchSource } from '@l2p/models';
import { patternDataset } from '@l2p/models/testing';
import { runPruning } from '../pipeline/pipeline';
import { makeFineTuner } from '../pipeline/fine-tune';
import { trainedProblem } from './trained-problem';

async function main(): Promise<void> {
  const [dir, killAfter, resume] = process.argv.slice(2);
  await selectBackend('wasm');
  // Trained (seeded, so both children of a test train the same network): pruning changes its accuracy, so a
  // resumed run that measured its base on the checkpoint instead of the unpruned network would show.
  const { description, weights, reward } = await trainedProblem('vgg16', { rewardImages: 32, epochs: 4 });
  const train = patternDataset(32, description.numClasses, description.inputShape[0], 5);
  const result = await runPruning({
    method: 'agent',
    b: 2,
    seed: 3,
    description,
    weights,
    layers: ['conv1_1', 'conv1_2', 'conv2_1'],
    reward,
    // The contract's own split (here the reward images again): a resumed run must measure its base on the
    // unpruned network, not on the checkpoint it resumes from.
    guard: reward,
    fineTune: makeFineTuner(arrayBatchSource({ ...train, batchSize: 16, shuffleSeed: 1 }), { epochs: 1, learningRate: 0.01, seed: 3 }),
    scoring: { batchNorm: 'moving' },
    agent: { minUpdates: 2, maxUpdates: 3, samplesPerUpdate: 4 },
    checkpointDir: path.join(dir, 'checkpoint'),
    resume: resume === '1',
    onLayerDone: (i) => {
      if (i === Number(killAfter)) process.kill(process.pid, 'SIGKILL');
    },
  });
  writeJsonAtomic(path.join(dir, 'result.json'), { layerRows: result.layerRows, updateRows: result.updateRows, resumedAt: result.resumedAt, contractBefore: result.contractBefore, pBase: result.pBase });
  fs.writeFileSync(path.join(dir, 'done'), '');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
