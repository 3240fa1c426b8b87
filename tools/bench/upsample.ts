/**
 * FCN-32s's fixed bilinear ×32 upsampling run per class (each class plane through the one [64, 64] filter) against
 * the full C×C transposed convolution it replaces, in one run: training images/s through the project's own loop
 * (`trainModel`) on the compute backend, and inference images/s on onnxruntime (grouped vs full ConvTranspose).
 * The full path is forced by one off-diagonal kernel entry of 1e-30 (numerically nothing, but no longer one
 * filter per class); the outputs of the two are compared as well.
 *
 * Usage (from the repository root):
 *   npx tsx tools/bench/upsample.ts [--width 0.0625] [--size 96] [--classes 11] [--batch 8] [--steps 8] [--seconds 4]
 */
import * as tf from '@tensorflow/tfjs';
import { arrayBatchSource, countModel, describeModel, disposeWeights, initWeights, OnnxNet, trainModel, type Weights } from '@l2p/models';
import { selectBackend } from '@l2p/runtime';
import { median, parseFlags, timedSource } from './bench-support';

const SEED = 5;


/** The same weights with one off-diagonal upscore entry set to 1e-30: the full C×C path. */
function fullKernel(weights: Weights): Weights {
  const out = { ...weights };
  const k = weights['upscore/kernel'];
  const values = k.dataSync().slice();
  values[1] = 1e-30;
  out['upscore/kernel'] = tf.tensor(values, k.shape);
  return out;
}

async function main(): Promise<void> {
  const o = parseFlags(
    'upsample',
    process.argv.slice(2),
    {
      width: { kind: 'number', help: 'FCN-32s-BN width' },
      size: { kind: 'number', help: 'input side (px)' },
      classes: { kind: 'number', help: 'classes' },
      batch: { kind: 'number', help: 'batch size' },
      steps: { kind: 'number', help: 'timed training steps' },
      seconds: { kind: 'number', help: 'inference seconds per engine variant' },
    },
    { width: 0.0625, size: 96, classes: 11, batch: 8, steps: 8, seconds: 4 },
  );
  const backend = await selectBackend('auto');
  const description = describeModel('fcn32s-bn', { width: o.width, numClasses: o.classes, inputShape: [o.size, o.size, 3] });
  const perClass = initWeights(description, SEED);
  const full = fullKernel(perClass);
  const n = o.batch * (o.steps + 1);
  const x = tf.randomNormal([n, o.size, o.size, 3], 0, 1, 'float32', SEED) as tf.Tensor4D;
  const y = tf.randomUniform([n, o.size, o.size], 0, o.classes, 'int32', SEED) as tf.Tensor3D;
  console.log(`upsample: FCN-32s-BN ×${o.width}, ${o.size}-px inputs, ${o.classes} classes (${(countModel(description).macs / 1e6).toFixed(1)} M MACs/image counting the full upsampling), backend ${backend.name}`);

  const train = async (weights: Weights): Promise<number> => {
    const stamps: number[] = [];
    const result = await trainModel({
      description,
      train: timedSource(arrayBatchSource({ x, y, batchSize: o.batch, shuffleSeed: SEED }), stamps),
      epochs: 1,
      learningRate: 0.01,
      seed: SEED,
      initialWeights: weights,
    });
    disposeWeights(result.weights);
    const steps = stamps.slice(1).map((t, i) => (t - stamps[i]) / 1000).slice(1);
    return o.batch / median(steps);
  };
  // Interleaved, twice, so that a change of machine load falls on both.
  const rates = { perClass: [] as number[], full: [] as number[] };
  for (let round = 0; round < 2; round++) {
    rates.perClass.push(await train(perClass));
    rates.full.push(await train(full));
  }
  const tPer = median(rates.perClass);
  const tFull = median(rates.full);
  console.log(`training (${backend.name}): per class ${tPer.toFixed(1)} img/s, full ${tFull.toFixed(1)} img/s → ${(tPer / tFull).toFixed(2)}× (rounds: ${rates.perClass.map((r) => r.toFixed(1)).join(', ')} vs ${rates.full.map((r) => r.toFixed(1)).join(', ')})`);

  const infer = async (weights: Weights): Promise<{ rate: number; out: tf.Tensor }> => {
    const net = await OnnxNet.create(description, weights);
    const batch = tf.slice(x, [0], [o.batch]);
    const out = await net.predict(batch);
    let images = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < o.seconds * 1000) {
      (await net.predict(batch)).dispose();
      images += o.batch;
    }
    const rate = images / ((performance.now() - t0) / 1000);
    await net.release();
    batch.dispose();
    return { rate, out };
  };
  const a = await infer(perClass);
  const b = await infer(full);
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(a.out, b.out))).dataSync()[0]);
  console.log(`inference (onnxruntime): grouped ${a.rate.toFixed(1)} img/s, full ${b.rate.toFixed(1)} img/s → ${(a.rate / b.rate).toFixed(2)}×; max |difference| of the outputs ${diff.toExponential(2)}`);
  tf.dispose([x, y, a.out, b.out, full['upscore/kernel']]);
  disposeWeights(perClass);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
