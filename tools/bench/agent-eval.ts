/**
 * Candidate evaluation speed — the pruning agent's hot loop. For VGG-16 (CIFAR variant), scores the same candidate
 * masks at each measured layer three ways, in one run:
 *   naive              — remove the filters for real, build the tf.LayersModel, evaluate the reward images from the input;
 *   cached-tfjs        — activations after the layer computed once, K masks per batched pass through the rest (tfjs engine);
 *   cached-onnxruntime — the same on onnxruntime: a prefix graph once per layer, a suffix graph scoring K masks per run.
 * The two cached engines are timed alternately (`--repeats` rounds) so that load from other processes falls on both;
 * their setup (caches, sessions) is timed apart, since a pruning pass pays it once per layer and then scores hundreds
 * of candidates. Scores are checked: tfjs equals naive, onnxruntime is within one image per mask of tfjs.
 *
 * `--layers all` measures every prunable layer (the same candidates per layer = a whole pruning pass) and prints
 * `engine ratio onnxruntime/tfjs: N×` (goal ≥ 5×). Layers below 5× get a profile per op kind of both engines.
 *
 *   npx tsx tools/bench/agent-eval.ts [--layers sample|all] [--width 0.25] [--images 256] [--candidates 8]
 *                                     [--threads <cores>] [--repeats 3] [--naive on|off] [--backend wasm]
 *     --threads  onnxruntime intra-op threads (default: the cores this job has); tfjs-wasm runs on one thread
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { arrayBatchSource, describeModel, exportPrefix, exportSuffix, InferenceNet, initWeights, MASK_INPUT, type ModelDescription, unitNames, type Weights } from '@l2p/models';
import { type CandidateEvaluator, createCandidateEvaluator, loadLabelledBatches, type Mask, naiveEvaluator, type LabelledBatches, sampleMask } from '@l2p/pruning';
import { type BackendPreference, createOnnxSession, jobCores, ortFloat32, Rng, selectBackend, selectEngine } from '@l2p/runtime';
import { parseFlags } from './bench-support';
import { formatShares, onnxProfileByOp, type TfProfile, tfProfileByOp } from './op-profile';

const GOAL = 5;

/** A rate of a skipped measurement (--naive off) prints as a dash, not NaN or Infinity. */
function skipped(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : '—';
}

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await f();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

/** Per op kind: where one evaluation of `masks` at `layer` spends its time on each engine. */
async function profileLayer(description: ModelDescription, weights: Weights, layer: string, reward: LabelledBatches, masks: Mask[], threads: number, perPass: number): Promise<{ ort: string; tfjs: string }> {
  const x = tf.concat(reward.batches.map((b) => b.x)) as tf.Tensor4D;
  const prefix = await createOnnxSession(exportPrefix(description, weights, layer).model, { threads });
  const out = await prefix.run({ input: ortFloat32((await x.data()) as Float32Array, x.shape) });
  await prefix.release();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-ort-profile-'));
  const suffix = await createOnnxSession(exportSuffix(description, weights, layer, { norm: 'folded' }).model, { threads, profilePrefix: path.join(dir, 'suffix') });
  const feeds = Object.fromEntries(Object.keys(out).map((k) => [k, out[k]]));
  const channels = masks[0].length;
  for (let i = 0; i < masks.length; i += perPass) {
    const group = masks.slice(i, i + perPass);
    const flat = new Float32Array(group.length * channels);
    group.forEach((m, j) => flat.set(m, j * channels));
    await suffix.run({ ...feeds, [MASK_INPUT]: ortFloat32(flat, [group.length, channels]) });
  }
  suffix.endProfiling();
  await suffix.release();
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.json'));
  const ort = file ? formatShares(onnxProfileByOp(path.join(dir, file), 1)) : 'no profile written';
  fs.rmSync(dir, { recursive: true, force: true });

  const net = new InferenceNet(description, weights);
  const cache = net.activationsAfter(layer, x);
  const infos: TfProfile[] = [];
  for (let i = 0; i < masks.length; i += perPass) {
    infos.push(await tf.profile(() => net.forwardFrom(cache, { candidates: masks.slice(i, i + perPass) })));
  }
  const merged = { kernels: infos.flatMap((p) => p.kernels) };
  cache.dispose();
  net.dispose();
  x.dispose();
  return { ort, tfjs: formatShares(tfProfileByOp(merged)) };
}

async function main(): Promise<void> {
  const options = parseFlags(
    'agent-eval',
    process.argv.slice(2),
    {
      backend: { kind: 'string', help: 'tfjs backend' },
      width: { kind: 'number', help: 'width multiplier' },
      images: { kind: 'number', help: 'reward images' },
      candidates: { kind: 'number', help: 'candidates per layer' },
      layers: { kind: 'string', help: 'sample | all' },
      threads: { kind: 'number', help: 'onnxruntime threads' },
      repeats: { kind: 'number', help: 'timed rounds per engine' },
      naive: { kind: 'string', help: 'on | off' },
    },
    { backend: 'wasm', width: 0.25, images: 256, candidates: 8, layers: 'sample', threads: jobCores(), repeats: 3, naive: 'on' },
  );
  const backend = await selectBackend(options.backend as BackendPreference);
  const engine = await selectEngine('onnxruntime', { threads: options.threads });
  const { width, images, candidates: k } = options;
  const description = describeModel('vgg16', { width, numClasses: 10, inputShape: [32, 32, 3] });
  const weights = initWeights(description, 1);
  const x = tf.randomNormal([images, 32, 32, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
  const y = tf.randomUniform([images], 0, 10, 'int32', 3);
  const reward = await loadLabelledBatches(arrayBatchSource({ x, y, batchSize: 64 }));
  const layers = unitNames(description);
  const picks = options.layers === 'all' ? layers : [layers[1], layers[Math.floor(layers.length / 2)], layers[layers.length - 2]];
  const rng = new Rng(4);
  const perPass = Math.max(1, Math.floor(1024 / Math.min(images, 1024)));
  console.log(
    `agent-eval: VGG-16 (CIFAR) width ${width}, ${images} reward images, ${k} candidates per layer, ${options.repeats} alternating rounds; ` +
      `tfjs on ${backend.name} ${backend.version} (1 thread), onnxruntime ${engine.version} (${options.threads} threads)${options.naive === 'off' ? '; naive skipped' : ''}`,
  );
  console.log('layer      filters  naive cand/s  tfjs cand/s  onnxruntime cand/s  ort/tfjs  tfjs/naive  setup tfjs/ort s');
  const total = { naive: 0, tfjs: 0, ort: 0, setupTfjs: 0, setupOrt: 0 };
  const below: { layer: string; masks: Mask[]; ratio: number }[] = [];
  for (const layer of picks) {
    const n = weights[`${layer}/kernel`].shape[3] as number;
    const masks = Array.from({ length: k }, () => sampleMask(new Float32Array(n).fill(0.7), rng));
    const evaluators: Record<'tfjs' | 'ort', CandidateEvaluator> = {
      tfjs: createCandidateEvaluator({ engine: 'tfjs', description, weights, layer, reward }),
      ort: createCandidateEvaluator({ engine: 'onnxruntime', description, weights, layer, reward }),
    };
    // Setup: caches (and sessions) are made on the first evaluate; a second call warms the kernels.
    const setupTfjs = (await timed(() => evaluators.tfjs.evaluate(masks.slice(0, 1)))).seconds;
    const setupOrt = (await timed(() => evaluators.ort.evaluate(masks.slice(0, 1)))).seconds;
    await evaluators.tfjs.evaluate(masks.slice(0, 1));
    await evaluators.ort.evaluate(masks.slice(0, 1));
    let tfjsSec = 0;
    let ortSec = 0;
    let scores: { tfjs: number[]; ort: number[] } = { tfjs: [], ort: [] };
    for (let r = 0; r < options.repeats; r++) {
      const a = await timed(() => evaluators.tfjs.evaluate(masks));
      const b = await timed(() => evaluators.ort.evaluate(masks));
      tfjsSec += a.seconds;
      ortSec += b.seconds;
      scores = { tfjs: a.value, ort: b.value };
    }
    evaluators.tfjs.dispose();
    evaluators.ort.dispose();
    tfjsSec /= options.repeats;
    ortSec /= options.repeats;
    let naiveSec = NaN;
    if (options.naive !== 'off') {
      const slow = naiveEvaluator({ description, weights, layer, reward });
      await slow.evaluate(masks.slice(0, 1));
      const res = await timed(() => slow.evaluate(masks));
      naiveSec = res.seconds;
      if (res.value.some((s, i) => s !== scores.tfjs[i])) throw new Error(`tfjs and naive disagree at ${layer}: ${scores.tfjs} vs ${res.value}`);
      total.naive += naiveSec;
    }
    const apart = scores.ort.map((s, i) => Math.round((Math.abs(s - scores.tfjs[i]) * images) / 100));
    if (apart.some((d) => d > 1)) throw new Error(`onnxruntime and tfjs disagree by more than one image at ${layer}: ${scores.ort} vs ${scores.tfjs}`);
    total.tfjs += tfjsSec;
    total.ort += ortSec;
    total.setupTfjs += setupTfjs;
    total.setupOrt += setupOrt;
    const ratio = tfjsSec / ortSec;
    if (ratio < GOAL) below.push({ layer, masks, ratio });
    console.log(
      `${layer.padEnd(10)} ${String(n).padStart(7)}  ${skipped(k / naiveSec).padStart(12)}  ${(k / tfjsSec).toFixed(2).padStart(11)}  ${(k / ortSec).toFixed(2).padStart(18)}  ` +
        `${ratio.toFixed(2).padStart(7)}×  ${(skipped(naiveSec / tfjsSec) + (Number.isNaN(naiveSec) ? '' : '×')).padStart(10)}  ${setupTfjs.toFixed(2)}/${setupOrt.toFixed(2)}`,
    );
  }
  const count = k * picks.length;
  const pass = options.layers === 'all' ? 'whole pruning pass' : `${picks.length} sampled layers`;
  console.log(
    `${pass} (${count} candidates): ${options.naive === 'off' ? '' : `naive ${(count / total.naive).toFixed(2)} cand/s, `}cached-tfjs ${(count / total.tfjs).toFixed(2)} cand/s, cached-onnxruntime ${(count / total.ort).toFixed(2)} cand/s` +
      `; setup once per layer: tfjs ${total.setupTfjs.toFixed(1)} s, onnxruntime ${total.setupOrt.toFixed(1)} s in total`,
  );
  if (options.naive !== 'off') console.log(`cached-tfjs/naive: ${(total.naive / total.tfjs).toFixed(2)}×, cached-onnxruntime/naive: ${(total.naive / total.ort).toFixed(2)}×`);
  console.log(`engine ratio onnxruntime/tfjs: ${(total.tfjs / total.ort).toFixed(2)}× (goal ≥ ${GOAL}×: ${total.tfjs / total.ort >= GOAL ? 'met' : 'NOT met'})`);
  if (below.length > 0) {
    console.log(`layers below ${GOAL}×: where the time goes, per op kind, for one evaluation of the ${k} candidates:`);
    for (const b of below) {
      const p = await profileLayer(description, weights, b.layer, reward, b.masks, options.threads, perPass);
      console.log(`  ${b.layer} (${b.ratio.toFixed(2)}×)\n    onnxruntime: ${p.ort}\n    tfjs:        ${p.tfjs}`);
    }
  }
  reward.dispose();
  tf.dispose([x, y]);
}

main().catch((err) => {
  console.error(err instanceof Error ? `${err.name}: ${err.message}` : err);
  process.exitCode = 1;
});
