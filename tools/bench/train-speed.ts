/**
 * Training throughput of VGG-16 (CIFAR, Li et al.) at widths 0.25 and 1.0, batch 64, through the project's own
 * training loop (`trainModel`: forward, cross-entropy, gradients, SGD momentum + weight decay, BN statistics), on
 * every backend that loads. Step times are taken between consecutive batch requests; the first step (warm-up) is
 * dropped and the median of the rest is reported.
 *
 * Usage (from the repository root):
 *   npx tsx tools/bench/train-speed.ts [--backends tensorflow-gpu,tensorflow,wasm,cpu] [--batch 64] [--steps 3]
 *                                      [--widths 0.25,1] [--cpu-batch 4]
 *     --steps      timed steps per configuration after one warm-up step (default 3)
 *     --cpu-batch  the pure-JS cpu backend is ~100× slower: it runs one untimed-warm-up-free step at this batch
 *                  size, width 0.25 only; width 1.0 on cpu is estimated from it by the MAC ratio (default 4)
 *     --peer-threads  threads of the PyTorch peer (default 1: the wasm backend trains on one thread)
 * When Debian's python3-torch is installed, the PyTorch CPU peer (../shared/peers/torch_vgg.py: the same VGG-16,
 * width, batch, SGD recipe) trains right after each of our measurements, and the ratio is printed; nothing is
 * compared with a remembered figure.
 */
import * as tf from '@tensorflow/tfjs';
import { arrayBatchSource, countModel, describeModel, disposeWeights, trainModel } from '@l2p/models';
import { BACKEND_NAMES, type BackendName, errorSummary, selectBackend } from '@l2p/runtime';
import { median, parseFlags, timedSource } from './bench-support';
import { findTorchPython, runTorchPeer } from './torch-peer';

const SEED = 7;


async function measure(width: number, batch: number, steps: number): Promise<{ imagesPerSecond: number; stepSeconds: number[] }> {
  const description = describeModel('vgg16', { width });
  const n = batch * steps;
  const x = tf.randomNormal([n, 32, 32, 3], 0, 1, 'float32', SEED) as tf.Tensor4D;
  const y = tf.randomUniform([n], 0, 10, 'int32', SEED);
  const stamps: number[] = [];
  const result = await trainModel({
    description,
    train: timedSource(arrayBatchSource({ x, y, batchSize: batch, shuffleSeed: SEED }), stamps),
    epochs: 1,
    learningRate: 0.01,
    seed: SEED,
  });
  disposeWeights(result.weights);
  tf.dispose([x, y]);
  const stepSeconds = stamps.slice(1).map((t, i) => (t - stamps[i]) / 1000);
  const timed = stepSeconds.length > 1 ? stepSeconds.slice(1) : stepSeconds;
  return { imagesPerSecond: batch / median(timed), stepSeconds };
}

async function main(): Promise<void> {
  const options = parseFlags(
    'train-speed',
    process.argv.slice(2),
    {
      backends: { kind: 'list', help: 'backends to try' },
      batch: { kind: 'number', help: 'batch size' },
      steps: { kind: 'number', help: 'timed steps' },
      widths: { kind: 'list', help: 'width multipliers' },
      'cpu-batch': { kind: 'number', help: 'cpu batch size' },
      'peer-threads': { kind: 'number', help: 'PyTorch threads' },
    },
    { backends: [...BACKEND_NAMES] as string[], batch: 64, steps: 3, widths: ['0.25', '1'], 'cpu-batch': 4, 'peer-threads': 1 },
  );
  const torch = findTorchPython();
  const widths = options.widths.map(Number);
  const rows: string[] = [];
  for (const name of options.backends as BackendName[]) {
    try {
      await selectBackend(name);
    } catch (err) {
      rows.push(`${name.padEnd(15)} not available: ${errorSummary(err)}`);
      continue;
    }
    const cpu = name === 'cpu';
    let cpuRate: { width: number; rate: number } | undefined;
    for (const width of widths) {
      if (cpu && cpuRate) {
        const macRatio = countModel(describeModel('vgg16', { width })).macs / countModel(describeModel('vgg16', { width: cpuRate.width })).macs;
        const estimate = cpuRate.rate / macRatio;
        rows.push(`${name.padEnd(15)} width ${String(width).padEnd(5)} ≈ ${estimate.toPrecision(2)} img/s (estimated from width ${cpuRate.width} by the MAC ratio ${macRatio.toFixed(1)}; not run)`);
        continue;
      }
      const batch = cpu ? options['cpu-batch'] : options.batch;
      const steps = cpu ? 1 : options.steps + 1;
      const { imagesPerSecond, stepSeconds } = await measure(width, batch, steps);
      if (cpu) cpuRate = { width, rate: imagesPerSecond };
      let vsTorch = '';
      if (!cpu && 'python' in torch) {
        // The peer runs right after our measurement, at the same width and batch: load falls on both alike.
        const seconds = Math.max(2, stepSeconds.slice(1).reduce((a, b) => a + b, 0));
        const peer = runTorchPeer(torch.python, { width, batch, threads: options['peer-threads'], seconds });
        vsTorch = `, ${(imagesPerSecond / peer.train_img_s).toFixed(3)} × PyTorch ${peer.version} (${peer.train_img_s} img/s, ${peer.threads} thread${peer.threads > 1 ? 's' : ''}, measured now)`;
      }
      rows.push(
        `${name.padEnd(15)} width ${String(width).padEnd(5)} ${imagesPerSecond.toPrecision(3).padStart(7)} img/s at batch ${batch}${vsTorch}` +
          ` (step times ${stepSeconds.map((s) => s.toFixed(2)).join(', ')} s${cpu ? '; one step, includes warm-up' : '; first is warm-up'})`,
      );
      console.log(rows[rows.length - 1]);
    }
  }
  console.log('\ntrain-speed: VGG-16 (CIFAR, Li et al.) training images/s, trainModel loop (SGD momentum 0.9, wd 5e-4), 32×32 inputs');
  for (const r of rows) console.log(`  ${r}`);
  if (!('python' in torch)) console.log(`  PyTorch peer: ${torch.missing}; no ratio printed`);
}

main().catch((err) => {
  console.error(err instanceof Error ? `${err.name}: ${err.message}` : err);
  process.exitCode = 1;
});
