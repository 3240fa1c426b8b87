/**
 * Backend benchmark: one VGG-style conv net (32×32×3 input, 5 conv-BN-ReLU layers, ≈29 M MACs per image),
 * inference and training images/s on the pure-JS `cpu` backend and on `wasm` with the project's training kernels,
 * plus wasm training with each replaced kernel put back to its shipped version, to show what each replacement buys.
 *
 * Usage (from the repository root):
 *   npx tsx tools/bench/backends.ts [--batch 64] [--seconds 8] [--cpu-batch 2]
 *     --batch      wasm batch size (default 64)
 *     --seconds    minimum timed seconds per wasm measurement, after one warm-up step (default 8)
 *     --cpu-batch  cpu batch size; cpu runs one warm-up-free inference batch and one training step, since it is
 *                  ~100× slower (default 2)
 * Takes about 2–3 minutes with the defaults on 2 cores. Prints a table, the wasm/cpu ratios and the speedups.
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
  cpuBatch: number;
}

const FLAGS: Record<string, keyof Options> = { '--batch': 'batch', '--seconds': 'seconds', '--cpu-batch': 'cpuBatch' };

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { batch: 64, seconds: 8, cpuBatch: 2 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = FLAGS[argv[i]];
    if (key === undefined) {
      throw new ConfigError(`backends bench: unknown argument '${argv[i]}'; expected one of ${Object.keys(FLAGS).join(', ')}`);
    }
    const value = Number(argv[i + 1]);
    if (!(value > 0) || (key !== 'seconds' && !Number.isInteger(value))) {
      throw new ConfigError(`backends bench: ${argv[i]} must be a positive ${key === 'seconds' ? 'number' : 'integer'}, got '${argv[i + 1]}'`);
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

interface Batch {
  x: Float32Array;
  labels: Int32Array;
}

function makeBatch(size: number): Batch {
  const rng = new Rng(SEED).fork('bench-data');
  return {
    x: Float32Array.from({ length: size * 32 * 32 * 3 }, () => rng.normal()),
    labels: Int32Array.from({ length: size }, () => rng.int(10)),
  };
}

interface Measurement {
  backend: string;
  variant: string;
  mode: 'inference' | 'training';
  batch: number;
  images: number;
  seconds: number;
}

/** Runs `step` (one batch) once untimed when `warmUp`, then until `minSeconds` have passed (at least once). */
function timeSteps(step: () => void, batch: number, minSeconds: number, warmUp: boolean): { images: number; seconds: number } {
  if (warmUp) step();
  const start = performance.now();
  let steps = 0;
  do {
    step();
    steps++;
  } while ((performance.now() - start) / 1000 < minSeconds);
  return { images: steps * batch, seconds: (performance.now() - start) / 1000 };
}

function measure(
  backend: string,
  variant: string,
  modes: ReadonlyArray<'inference' | 'training'>,
  batch: number,
  minSeconds: number,
  warmUp: boolean,
): Measurement[] {
  const model = buildNet();
  const data = makeBatch(batch);
  const x = tf.tensor4d(data.x, [batch, 32, 32, 3]);
  const y = tf.oneHot(tf.tensor1d(data.labels, 'int32'), 10);
  const optimizer = tf.train.momentum(0.01, 0.9);
  const steps = {
    inference: () => tf.tidy(() => void (model.apply(x, { training: false }) as tf.Tensor).dataSync()),
    training: () =>
      tf.tidy(() => {
        const loss = optimizer.minimize(
          () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
          true,
        );
        loss?.dataSync();
      }),
  };
  const results = modes.map((mode) => ({ backend, variant, mode, batch, ...timeSteps(steps[mode], batch, minSeconds, warmUp) }));
  optimizer.dispose();
  tf.dispose([x, y]);
  model.dispose();
  return results;
}

function printTable(rows: Measurement[], macs: number): void {
  const header = ['backend', 'kernels', 'mode', 'batch', 'images', 'seconds', 'images/s', 'GFLOP/s'];
  // Training costs about 3 forward passes (forward, dx, dW); a MAC is 2 FLOPs.
  const gflops = (r: Measurement) => ((r.images / r.seconds) * macs * 2 * (r.mode === 'training' ? 3 : 1)) / 1e9;
  const cells = rows.map((r) => [
    r.backend,
    r.variant,
    r.mode,
    String(r.batch),
    String(r.images),
    r.seconds.toFixed(1),
    (r.images / r.seconds).toPrecision(3),
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
  const rows: Measurement[] = [];

  await tf.setBackend('cpu');
  const macs = macsPerImage(buildNet());
  console.log(`VGG-style net: ${(macs / 1e6).toFixed(1)} M MACs/image; node ${process.version}; tfjs ${tf.version.tfjs}`);
  console.log(`cpu: ${options.cpuBatch} images per measurement…`);
  rows.push(...measure('cpu', '-', ['inference', 'training'], options.cpuBatch, 0, false));

  await tf.setBackend('wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  console.log(`wasm (SIMD ${simd ? 'on' : 'off'}, 1 thread): batch ${options.batch}, ≥ ${options.seconds} s per measurement…`);
  registerWasmTrainingKernels();
  rows.push(...measure('wasm', 'all replaced', ['inference', 'training'], options.batch, options.seconds, true));
  // Conv2DBackpropFilter has no shipped version to compare with: training cannot run without it.
  const variants = WASM_TRAINING_KERNEL_NAMES.filter((name) => name !== 'Conv2DBackpropFilter').map(
    (kernel): [WasmTrainingKernelName, string] => [kernel, `shipped ${kernel}${kernel === 'MaxPoolGrad' ? ' (wrong)' : ''}`],
  );
  for (const [kernel, label] of variants) {
    restoreWasmBuiltinKernels();
    registerWasmTrainingKernels({ except: [kernel] });
    rows.push(...measure('wasm', label, ['training'], options.batch, options.seconds, true));
  }
  restoreWasmBuiltinKernels();
  registerWasmTrainingKernels();

  console.log();
  printTable(rows, macs);
  const rate = (backend: string, variant: string, mode: string) => {
    const r = rows.find((m) => m.backend === backend && m.variant === variant && m.mode === mode);
    if (r === undefined) throw new Error(`no measurement for ${backend}/${variant}/${mode}`);
    return r.images / r.seconds;
  };
  console.log();
  for (const mode of ['inference', 'training']) {
    console.log(`wasm/cpu ${mode}: ${(rate('wasm', 'all replaced', mode) / rate('cpu', '-', mode)).toFixed(0)}×`);
  }
  console.log('Conv2DBackpropFilter: no shipped kernel on wasm (training cannot run without the replacement)');
  for (const [kernel, label] of variants) {
    const speedup = rate('wasm', 'all replaced', 'training') / rate('wasm', label, 'training');
    console.log(`training speedup from the replacement ${kernel}: ${speedup.toFixed(2)}×`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
