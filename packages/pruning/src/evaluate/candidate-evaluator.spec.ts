import * as tf from '@tensorflow/tfjs';
import { disposeWeights } from '@l2p/models';
import { Rng, selectBackend } from '@l2p/runtime';
import { sampleMask } from '../agent/masks';
import { toyProblem } from '../testing';
import { cachedEvaluator, naiveEvaluator } from './candidate-evaluator';

describe.each(['vgg16', 'resnet18', 'fcn32s'] as const)('candidate evaluation on %s', (architecture) => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('the cached, batched path gives the same p̂ as building each pruned model, at early, middle and late layers', async () => {
    const { description, weights, reward } = await toyProblem(architecture);
    const layers = description.prunable.map((p) => p.layer);
    const picks = [layers[0], layers[Math.floor(layers.length / 2)], layers[layers.length - 1]];
    const rng = new Rng(11);
    const before = tf.memory().numTensors;
    for (const layer of picks) {
      const n = description.prunable.length && (weights[`${layer}/kernel`].shape.slice(-1)[0] as number);
      const masks = [new Uint8Array(n).fill(1), ...Array.from({ length: 4 }, () => sampleMask(new Float32Array(n).fill(0.6), rng))];
      const fast = cachedEvaluator({ description, weights, layer, reward, maxImagesPerPass: 20 });
      const slow = naiveEvaluator({ description, weights, layer, reward });
      const fastScores = await fast.evaluate(masks);
      const slowScores = await slow.evaluate(masks);
      fast.dispose();
      expect(fastScores).toEqual(slowScores);
      expect(fastScores.every((s) => s >= 0 && s <= 100)).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(before);
    disposeWeights(weights);
    reward.dispose();
  });
});
