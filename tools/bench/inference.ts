/**
 * Inference throughput of VGG-16 (CIFAR, Li et al.) side by side in one run: the tf.js layers model and the
 * functional InferenceNet (BN folded) on the tfjs backend, the exported ONNX model on onnxruntime, and the PyTorch
 * CPU peer (../shared/peers/torch_vgg.py: the same network, width, batch and thread count, eval mode, no_grad).
 * Ours and the peer take turns (`--rounds`), so load from other processes falls on both; the medians are compared.
 * Without python3-torch the peer is reported missing and no ratio is printed.
 *
 *   npx tsx tools/bench/inference.ts [--widths 0.25,0.5] [--batch 64] [--threads <cores>] [--seconds 3] [--rounds 2]
 *                                    [--backend wasm]
 *     --threads  onnxruntime and PyTorch intra-op threads (default: the cores this job has); tfjs-wasm uses one
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel, describeModel, disposeWeights, InferenceNet, initWeights, OnnxNet } from '@l2p/models';
import { type BackendPreference, jobCores, selectBackend, selectEngine } from '@l2p/runtime';
import { median, parseFlags } from './bench-support';
import { findTorchPython, runTorchPeer } from './torch-peer';

const SEED = 11;

/** Images/s of `step` (one batch) over `seconds`, after one warm-up call. */
async function rate(step: () => Promise<void>, batch: number, seconds: number): Promise<number> {
  await step();
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000 || n < 2) {
    await step();
    n++;
  }
  return (batch * n) / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  const options = parseFlags(
    'inference',
    process.argv.slice(2),
    {
      widths: { kind: 'list', help: 'width multipliers' },
      batch: { kind: 'number', help: 'batch size' },
      threads: { kind: 'number', help: 'onnxruntime and PyTorch threads' },
      seconds: { kind: 'number', help: 'seconds per measurement' },
      rounds: { kind: 'number', help: 'alternating rounds' },
      backend: { kind: 'string', help: 'tfjs backend' },
    },
    { widths: ['0.25', '0.5'], batch: 64, threads: jobCores(), seconds: 3, rounds: 2, backend: 'wasm' },
  );
  const backend = await selectBackend(options.backend as BackendPreference);
  const engine = await selectEngine('onnxruntime', { threads: options.threads });
  const torch = findTorchPython();
  const { batch, threads, seconds, rounds } = options;
  console.log(
    `inference: VGG-16 (CIFAR) batch ${batch}, 32×32 inputs; tfjs on ${backend.name} ${backend.version} (1 thread), onnxruntime ${engine.version} (${threads} threads), ` +
      `PyTorch peer ${'python' in torch ? `via ${torch.python} (${threads} threads)` : `missing: ${torch.missing}`}; ${rounds} alternating rounds of ${seconds} s`,
  );
  const lines: string[] = [];
  for (const width of options.widths.map(Number)) {
    const description = describeModel('vgg16', { width });
    const weights = initWeights(description, SEED);
    const x = tf.randomNormal([batch, 32, 32, 3], 0, 1, 'float32', SEED);
    const xData = (await x.data()) as Float32Array;
    const layers = buildModel(description, weights);
    const net = new InferenceNet(description, weights);
    const ort = await OnnxNet.create(description, weights, { threads });
    const ours: Record<string, () => Promise<void>> = {
      'tfjs-layers': async () => void (await tf.tidy(() => layers.predict(x) as tf.Tensor).data()),
      'InferenceNet (BN folded)': async () => {
        const y = net.predict(x);
        await y.data();
        y.dispose();
      },
      onnxruntime: async () => void (await ort.run(xData, batch)),
    };
    const measured: Record<string, number[]> = Object.fromEntries([...Object.keys(ours), 'PyTorch'].map((k) => [k, []]));
    let version = '';
    for (let r = 0; r < rounds; r++) {
      for (const [name, step] of Object.entries(ours)) measured[name].push(await rate(step, batch, seconds));
      if ('python' in torch) {
        const peer = runTorchPeer(torch.python, { width, batch, threads, seconds });
        measured.PyTorch.push(peer.infer_img_s);
        version = peer.version;
      }
    }
    tf.dispose(x);
    layers.dispose();
    net.dispose();
    await ort.release();
    disposeWeights(weights);
    const m = Object.fromEntries(Object.entries(measured).map(([k, v]) => [k, v.length ? median(v) : NaN]));
    const figures = Object.entries(m)
      .filter(([, v]) => Number.isFinite(v))
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ');
    lines.push(`width ${width}: ${figures} img/s${version ? ` (PyTorch ${version})` : ''}`);
    if (Number.isFinite(m.PyTorch)) {
      lines.push(`  onnxruntime/PyTorch: ${(m.onnxruntime / m.PyTorch).toFixed(2)}× (goal ≥ 1.0×: ${m.onnxruntime >= m.PyTorch ? 'met' : 'NOT met'}); tfjs-layers/PyTorch: ${(m['tfjs-layers'] / m.PyTorch).toFixed(2)}×`);
    }
    lines.push(`  onnxruntime/tfjs-layers: ${(m.onnxruntime / m['tfjs-layers']).toFixed(2)}×, onnxruntime/InferenceNet: ${(m.onnxruntime / m['InferenceNet (BN folded)']).toFixed(2)}×`);
    console.log(lines.slice(-3).join('\n'));
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? `${err.name}: ${err.message}` : err);
  process.exitCode = 1;
});
