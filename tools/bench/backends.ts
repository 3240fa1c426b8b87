/**
 * Backend benchmark: one VGG-style conv net (32×32×3 input, 5 conv-BN-ReLU layers, ≈29 M MACs per image),
 * inference and training images/s on the pure-JS `cpu` backend and on `wasm` with the project's training kernels,
 * plus wasm training with each replaced kernel put back to its shipped version, to show what each replacement buys.
 *
 * Usage (from the repository root):
 *   npx tsx tools/bench/backends.ts [--batch 64] [--seconds 8] [--rounds 3] [--cpu-batch 2]
 *     --batch      wasm batch size (default 64)
 *     --seconds    timed seconds per wasm configuration, after one warm-up step (default 8)
 *     --rounds     the wasm training configurations take turns this many times, so that load from other
 *                  processes spreads evenly over them (default 3)
 *     --cpu-batch  cpu batch size; cpu runs one inference batch and one training step, since it is ~100× slower
 *                  (default 2)
 * Takes about 2–3 minutes with the defaults. Both wall-clock images/s and images per CPU-second are printed: wasm
 * runs on one thread, so the second is what an idle core would give and is the fairer figure on a busy machine.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../../packages/runtime/src/errors';
import { Rng } from '../../packages/runtime/src/rng';
import {
  registerWasmTrainingKernels,
  restoreWasmBuiltinKernels,
  WASM_TRAINING_KERNEL_NAMES,
  type WasmTrainingKernelName,
} from '../../packages/runtime/src/backend/wasm-kernels';

interface Options {
  batch: number;
  seconds: number;
  rounds: number;
  cpuBatch: number;
}

const FLAGS: Record<string, keyof Options> = {
  '--batch': 'batch',
  '--seconds': 'seconds',
  '--rounds': 'rounds',
  '--cpu-batch': 'cpuBatch',
};

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { batch: 64, seconds: 8, rounds: 3, cpuBatch: 2 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = FLAGS[argv[i]];
    if (key === undefined) {
      throw new ConfigError(`backends bench: unknown argument '${argv[i]}'; expected one of ${Object.keys(FLAGS).join(', ')}`);
    }
    const value = Number(argv[i + 1]);
    const integer = key !== 'seconds';
    if (!(value > 0) || (integer && !Number.isInteger(value))) {
      throw new ConfigError(`backends bench: ${argv[i]} must be a positive ${integer ? 'integer' : 'number'}, got '${argv[i + 1]}'`);
    }
    options[key] = value;
  }
  return options;
}

const SEED = 1234;

/** conv3×3-BN-ReLU ×5 (32, 32, pool, 64, 64, pool, 128, pool), dense 10. */
function buildNet(): tf.LayersModel {
  const init = (i: number) => tf.initializers.heNormal({ seed: SEED + i });
  const model = tf.sequential();
  const widths = [32, 32, 64, 64, 128];
  const poolAfter = new Set([1, 3, 4]);
  widths.forEach((filters, i) => {
    model.add(
      tf.layers.conv2d({
        ...(i === 0 ? { inputShape: [32, 32, 3] } : {}),
        filters,
        kernelSize: 3,
        padding: 'same',
        useBias: false,
        kernelInitializer: init(i),
      }),
    );
    model.add(tf.layers.batchNormalization());
    model.add(tf.layers.reLU());
    if (poolAfter.has(i)) model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  });
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 10, kernelInitializer: init(99) }));
  return model;
}

/** Multiply-accumulates per image of the conv and dense layers. */
function macsPerImage(model: tf.LayersModel): number {
  let macs = 0;
  for (const layer of model.layers) {
    const out = layer.outputShape as number[];
    const kernel = layer.getWeights().find((w) => w.shape.length >= 2);
    if (kernel === undefined) continue;
    const kernelSize = kernel.shape.reduce((a, b) => a * b, 1);
    macs += kernel.shape.length === 4 ? kernelSize * out[1] * out[2] : kernelSize;
  }
  return macs;
}

/** A model with one seeded batch, and one inference and one training step on it. */
interface Workload {
  inference(): void;
  training(): void;
  dispose(): void;
}

function makeWorkload(batch: number): Workload {
  const rng = new Rng(SEED).fork('bench-data');
  const model = buildNet();
  const x = tf.tensor4d(Float32Array.from({ length: batch * 32 * 32 * 3 }, () => rng.normal()), [batch, 32, 32, 3]);
  const y = tf.oneHot(tf.tensor1d(Int32Array.from({ length: batch }, () => rng.int(10)), 'int32'), 10);
  const optimizer = tf.train.momentum(0.01, 0.9);
  return {
    inference: () => tf.tidy(() => void (model.apply(x, { training: false }) as tf.Tensor).dataSync()),
    training: () =>
      tf.tidy(() => {
        const loss = optimizer.minimize(
          () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
          true,
        );
        loss?.dataSync();
      }),
    dispose: () => {
      optimizer.dispose();
      tf.dispose([x, y]);
      model.dispose();
    },
  };
}

interface Tally {
  images: number;
  wallSeconds: number;
  cpuSeconds: number;
}

/** Runs `step` until `seconds` of wall time have passed (at least once) and adds to `tally`. */
function timeSteps(step: () => void, batch: number, seconds: number, tally: Tally): void {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  do {
    step();
    tally.images += batch;
  } while ((performance.now() - wall0) / 1000 < seconds);
  const cpu = process.cpuUsage(cpu0);
  tally.wallSeconds += (performance.now() - wall0) / 1000;
  tally.cpuSeconds += (cpu.user + cpu.system) / 1e6;
}

interface Row extends Tally {
  backend: string;
  kernels: string;
  mode: 'inference' | 'training';
  batch: number;
}

const emptyTally = (): Tally => ({ images: 0, wallSeconds: 0, cpuSeconds: 0 });

function printTable(rows: Row[], macs: number): void {
  const header = ['backend', 'kernels', 'mode', 'batch', 'images', 'wall s', 'images/s', 'img/CPU-s', 'GFLOP/CPU-s'];
  // Training costs about 3 forward passes (forward, dx, dW); a MAC is 2 FLOPs.
  const gflops = (r: Row) => ((r.images / r.cpuSeconds) * macs * 2 * (r.mode === 'training' ? 3 : 1)) / 1e9;
  const cells = rows.map((r) => [
    r.backend,
    r.kernels,
    r.mode,
    String(r.batch),
    String(r.images),
    r.wallSeconds.toFixed(1),
    (r.images / r.wallSeconds).toPrecision(3),
    (r.images / r.cpuSeconds).toPrecision(3),
    gflops(r).toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (i < 3 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  cells.forEach((c) => console.log(line(c)));
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  // Loading the package makes 'wasm' the preferred backend; no tensor may exist before tf.setBackend.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a side-effect import, as the wasm docs say
  require('@tensorflow/tfjs-backend-wasm');
  tf.env().set('PROD', true); // quiet the "use tfjs-node" banner
  const rows: Row[] = [];

  await tf.setBackend('cpu');
  const macs = macsPerImage(buildNet());
  console.log(`VGG-style net: ${(macs / 1e6).toFixed(1)} M MACs/image; node ${process.version}; tfjs ${tf.version.tfjs}`);
  console.log(`cpu: batch ${options.cpuBatch}, one step each…`);
  const cpuWork = makeWorkload(options.cpuBatch);
  for (const mode of ['inference', 'training'] as const) {
    const row: Row = { backend: 'cpu', kernels: '-', mode, batch: options.cpuBatch, ...emptyTally() };
    timeSteps(cpuWork[mode], options.cpuBatch, 0, row);
    rows.push(row);
  }
  cpuWork.dispose();

  await tf.setBackend('wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  console.log(`wasm (SIMD ${simd ? 'on' : 'off'}, 1 thread): batch ${options.batch}, ${options.seconds} s per configuration…`);
  const work = makeWorkload(options.batch);
  registerWasmTrainingKernels();
  const inference: Row = { backend: 'wasm', kernels: 'all replaced', mode: 'inference', batch: options.batch, ...emptyTally() };
  work.inference();
  timeSteps(work.inference, options.batch, options.seconds, inference);
  rows.push(inference);

  // Conv2DBackpropFilter has no shipped version to compare with: training cannot run without it.
  const shipped = WASM_TRAINING_KERNEL_NAMES.filter((name) => name !== 'Conv2DBackpropFilter');
  const configs: Array<{ keep?: WasmTrainingKernelName; row: Row }> = [undefined, ...shipped].map((keep) => ({
    keep,
    row: {
      backend: 'wasm',
      kernels: keep === undefined ? 'all replaced' : `shipped ${keep}${keep === 'MaxPoolGrad' ? ' (wrong)' : ''}`,
      mode: 'training',
      batch: options.batch,
      ...emptyTally(),
    },
  }));
  const use = (keep: WasmTrainingKernelName | undefined) => {
    restoreWasmBuiltinKernels();
    registerWasmTrainingKernels({ except: keep === undefined ? [] : [keep] });
  };
  for (const { keep } of configs) {
    use(keep);
    work.training(); // warm-up: XNNPACK operator creation, first-use allocations
  }
  for (let round = 0; round < options.rounds; round++) {
    for (const { keep, row } of configs) {
      use(keep);
      timeSteps(work.training, options.batch, options.seconds / options.rounds, row);
    }
  }
  use(undefined);
  work.dispose();
  rows.push(...configs.map((c) => c.row));

  console.log();
  printTable(rows, macs);
  const rate = (r: Row | undefined, per: 'wall' | 'cpu') => {
    if (r === undefined) throw new Error('missing measurement');
    return r.images / (per === 'wall' ? r.wallSeconds : r.cpuSeconds);
  };
  const find = (backend: string, kernels: string, mode: string) =>
    rows.find((r) => r.backend === backend && r.kernels === kernels && r.mode === mode);
  console.log();
  for (const mode of ['inference', 'training']) {
    const wasm = find('wasm', 'all replaced', mode);
    const cpu = find('cpu', '-', mode);
    console.log(
      `wasm/cpu ${mode}: ${(rate(wasm, 'wall') / rate(cpu, 'wall')).toFixed(0)}× wall, ${(rate(wasm, 'cpu') / rate(cpu, 'cpu')).toFixed(0)}× per CPU-second`,
    );
  }
  console.log('Conv2DBackpropFilter: wasm ships none; training cannot run without the replacement');
  const all = configs[0].row;
  for (const { keep, row } of configs.slice(1)) {
    console.log(
      `training speedup from replacing ${keep}: ${(rate(all, 'wall') / rate(row, 'wall')).toFixed(2)}× wall, ${(rate(all, 'cpu') / rate(row, 'cpu')).toFixed(2)}× per CPU-second`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
