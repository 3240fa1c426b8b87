/**
 * Pruned vs unpruned inference latency: VGG-16 (CIFAR, width 0.5) against the same net with half the filters of
 * every conv layer removed (a seeded random half, removed for real by `removeFilters`). Prints the measured
 * latency ratio next to the MAC ratio, for the tfjs-layers model (`buildModel` + predict) and for the functional
 * `InferenceNet` (BN folded), and checks the goal "latency reduction ≥ 0.9 × MAC reduction".
 *
 * Usage (from the repository root):
 *   npx tsx tools/bench/pruned-latency.ts [--backend auto] [--batch 32] [--seconds 6] [--width 0.5]
 *     --backend  auto | tensorflow-gpu | tensorflow | wasm | cpu (default auto: the best that loads)
 *     --batch    images per forward pass (default 32)
 *     --seconds  timed seconds per model and engine, after warm-up (default 6)
 * Both models are timed in alternation (A, B, A, B, …) so that load from other processes hits both alike.
 */
import * as tf from '@tensorflow/tfjs';
import { countModel, describeModel, disposeWeights, InferenceNet, initWeights, removeFilters, buildModel, unitNames, type Weights } from '@l2p/models';
import { isBackendPreference, Rng, selectBackend, ConfigError, type BackendPreference } from '@l2p/runtime';
import { median, parseFlags } from './bench-support';

const SEED = 2024;

async function main(): Promise<void> {
  const options = parseFlags(
    'pruned-latency',
    process.argv.slice(2),
    {
      backend: { kind: 'string', help: 'backend' },
      batch: { kind: 'number', help: 'batch size' },
      seconds: { kind: 'number', help: 'seconds per measurement' },
      width: { kind: 'number', help: 'width multiplier' },
    },
    { backend: 'auto', batch: 32, seconds: 6, width: 0.5 },
  );
  if (!isBackendPreference(options.backend)) throw new ConfigError(`pruned-latency: --backend '${options.backend}' is not a backend name`);
  const backend = await selectBackend(options.backend as BackendPreference);

  const original = describeModel('vgg16', { width: options.width });
  const weights = initWeights(original, SEED);
  const rng = new Rng(SEED);
  let pruned = { description: original, weights: weights as Weights };
  for (const layer of unitNames(original)) {
    const node = pruned.description.nodes.find((n) => n.name === layer);
    const filters = node?.kind === 'conv' ? node.filters : 0;
    const keep = rng.permutation(filters).slice(0, Math.ceil(filters / 2));
    const next = removeFilters(pruned.description, pruned.weights, layer, keep);
    if (pruned.weights !== weights) disposeWeights(pruned.weights);
    pruned = next;
  }
  const macs = { original: countModel(original).macs, pruned: countModel(pruned.description).macs };
  const params = { original: countModel(original).params, pruned: countModel(pruned.description).params };

  const x = tf.randomNormal([options.batch, 32, 32, 3], 0, 1, 'float32', SEED);
  const layers = { original: buildModel(original, weights), pruned: buildModel(pruned.description, pruned.weights) };
  const nets = { original: new InferenceNet(original, weights), pruned: new InferenceNet(pruned.description, pruned.weights) };
  const engines: Record<string, Record<'original' | 'pruned', () => tf.Tensor>> = {
    'tfjs-layers predict': { original: () => layers.original.predict(x) as tf.Tensor, pruned: () => layers.pruned.predict(x) as tf.Tensor },
    'InferenceNet (BN folded)': { original: () => nets.original.predict(x), pruned: () => nets.pruned.predict(x) },
  };

  const timeOnce = async (f: () => tf.Tensor): Promise<number> => {
    const start = performance.now();
    const y = f();
    await y.data();
    y.dispose();
    return performance.now() - start;
  };

  console.log(`pruned-latency: VGG-16 (CIFAR, Li et al.) width ${options.width}, batch ${options.batch}, backend ${backend.name} ${backend.version}` +
    (backend.details ? ` ${JSON.stringify(backend.details)}` : ''));
  console.log(`  original: ${params.original.toLocaleString('en-US')} params, ${(macs.original / 1e6).toFixed(1)} M MACs/image`);
  console.log(`  pruned (half the filters of all 13 convs removed): ${params.pruned.toLocaleString('en-US')} params, ${(macs.pruned / 1e6).toFixed(1)} M MACs/image`);
  const macRatio = macs.pruned / macs.original;
  const macReduction = 1 - macRatio;
  for (const [engine, fns] of Object.entries(engines)) {
    for (let i = 0; i < 2; i++) {
      await timeOnce(fns.original);
      await timeOnce(fns.pruned);
    }
    const times = { original: [] as number[], pruned: [] as number[] };
    const deadline = performance.now() + 2 * options.seconds * 1000;
    while (performance.now() < deadline || times.original.length < 5) {
      times.original.push(await timeOnce(fns.original));
      times.pruned.push(await timeOnce(fns.pruned));
    }
    const latency = { original: median(times.original) / options.batch, pruned: median(times.pruned) / options.batch };
    const ratio = latency.pruned / latency.original;
    const achieved = (1 - ratio) / macReduction;
    console.log(`  ${engine}: ${latency.original.toFixed(3)} → ${latency.pruned.toFixed(3)} ms/image (median of ${times.original.length} batches each)`);
    console.log(`    latency ratio ${ratio.toFixed(3)} vs MAC ratio ${macRatio.toFixed(3)}; latency reduction ${(100 * (1 - ratio)).toFixed(1)}% ` +
      `= ${achieved.toFixed(2)} × the MAC reduction ${(100 * macReduction).toFixed(1)}% (goal ≥ 0.90: ${achieved >= 0.9 ? 'met' : 'NOT met'})`);
  }
  tf.dispose(x);
  Object.values(layers).forEach((m) => m.dispose());
  Object.values(nets).forEach((n) => n.dispose());
  disposeWeights(weights);
  disposeWeights(pruned.weights);
}

main().catch((err) => {
  console.error(err instanceof Error ? `${err.name}: ${err.message}` : err);
  process.exitCode = 1;
});
