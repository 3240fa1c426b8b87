/**
 * Candidate evaluation speed — the pruning agent's hot loop. For VGG-16 (CIFAR variant) at width 0.25, scores the
 * same candidate masks at an early, a middle and a late layer two ways, in one run:
 *   naive  — remove the filters for real, build the tf.LayersModel, evaluate the reward images from the input;
 *   cached — activations after the layer computed once, K masks applied and run through the rest in one pass.
 * Prints candidates/s of both and their ratio per layer and overall (total candidates / total time).
 *
 * With `--layers all`, every prunable layer is measured: the overall ratio is then the time a whole pruning pass
 * (the same number of candidates at every layer) takes naively over the time it takes cached.
 *
 *   npx tsx tools/bench/agent-eval.ts [--backend wasm] [--width 0.25] [--images 256] [--candidates 8] [--layers sample|all]
 */
import * as tf from '@tensorflow/tfjs';
import { arrayBatchSource, describeModel, initWeights } from '@l2p/models';
import { cachedEvaluator, loadRewardData, naiveEvaluator, sampleMask } from '@l2p/pruning';
import { BackendPreference, Rng, selectBackend } from '@l2p/runtime';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const backend = await selectBackend(flag('backend', 'wasm') as BackendPreference);
  const width = Number(flag('width', '0.25'));
  const images = Number(flag('images', '256'));
  const k = Number(flag('candidates', '8'));
  const description = describeModel('vgg16', { width, numClasses: 10, inputShape: [32, 32, 3] });
  const weights = initWeights(description, 1);
  const x = tf.randomNormal([images, 32, 32, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
  const y = tf.randomUniform([images], 0, 10, 'int32', 3);
  const reward = await loadRewardData(arrayBatchSource({ x, y, batchSize: 64 }));
  const layers = description.prunable.map((p) => p.layer);
  const picks = flag('layers', 'sample') === 'all' ? layers : [layers[1], layers[Math.floor(layers.length / 2)], layers[layers.length - 2]];
  const ratios: number[] = [];
  const rng = new Rng(4);
  console.log(`backend ${backend.name} ${backend.version}; VGG-16 width ${width}; ${images} reward images; ${k} candidates per layer`);
  console.log('layer      filters  naive cand/s  cached cand/s  ratio');
  let naiveTotal = 0;
  let cachedTotal = 0;
  for (const layer of picks) {
    const n = weights[`${layer}/kernel`].shape[3] as number;
    const masks = Array.from({ length: k }, () => sampleMask(new Float32Array(n).fill(0.7), rng));
    const fast = cachedEvaluator({ description, weights, layer, reward });
    await fast.evaluate(masks.slice(0, 1)); // warm-up: kernels compiled, caches built
    let t0 = performance.now();
    const fastScores = await fast.evaluate(masks);
    const cachedSec = (performance.now() - t0) / 1000;
    fast.dispose();
    const slow = naiveEvaluator({ description, weights, layer, reward });
    await slow.evaluate(masks.slice(0, 1));
    t0 = performance.now();
    const slowScores = await slow.evaluate(masks);
    const naiveSec = (performance.now() - t0) / 1000;
    if (fastScores.some((s, i) => s !== slowScores[i])) throw new Error(`paths disagree at ${layer}: ${fastScores} vs ${slowScores}`);
    naiveTotal += naiveSec;
    ratios.push(naiveSec / cachedSec);
    cachedTotal += cachedSec;
    console.log(
      `${layer.padEnd(10)} ${String(n).padStart(7)}  ${(k / naiveSec).toFixed(2).padStart(12)}  ${(k / cachedSec).toFixed(2).padStart(13)}  ${(naiveSec / cachedSec).toFixed(2).padStart(5)}×`,
    );
  }
  console.log(`overall: naive ${((k * picks.length) / naiveTotal).toFixed(2)} cand/s, cached ${((k * picks.length) / cachedTotal).toFixed(2)} cand/s, ratio ${(naiveTotal / cachedTotal).toFixed(2)}× (total time over ${picks.length} layers); geometric mean of per-layer ratios ${Math.exp(ratios.reduce((a, r) => a + Math.log(r), 0) / ratios.length).toFixed(2)}×`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
