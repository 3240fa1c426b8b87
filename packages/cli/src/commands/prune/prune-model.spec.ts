import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { loadMnist } from '@l2p/data';
import { buildModel, countModel, loadModel, registerFileIO } from '@l2p/models';
import { LAYER_ROWS, readArrowFile, SUMMARY_ROWS } from '@l2p/pruning';
import { selectBackend } from '@l2p/runtime';
import { main } from '../../main';
import { trainMnistUserModel } from './mnist-fixture';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const so = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += chunk.toString()), true));
  const se = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += chunk.toString()), true));
  const ce = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    err += `${args.join(' ')}\n`;
  });
  try {
    return { code: await main(argv), out, err };
  } finally {
    [so, se, ce].forEach((s) => s.mockRestore());
  }
}

describe('l2p prune --model (a user\'s tf.js model)', () => {
  let tmp: string;
  let userModel: string;
  beforeAll(async () => {
    await selectBackend('wasm');
    registerFileIO();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-prune-model-'));
    await trainMnistUserModel(path.join(tmp, 'user'), { images: 2000, epochs: 2, seed: 1 });
    userModel = path.join(tmp, 'user', 'model.json');
  }, 120_000);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('prunes a trained Functional net (residual add, concatenation) on MNIST group by group within b; the result reloads with tf.loadLayersModel', async () => {
    const out = path.join(tmp, 'pruned');
    const args = ['prune', '--model', userModel, '--data', 'mnist', '--b', '2', '--out', out, '--backend', 'wasm', '--engine', 'tfjs'];
    const small = ['--reward-size', '500', '--train-images', '2000', '--test-images', '500', '--max-updates', '30', '--fine-tune-images', '1000'];
    const r = await run([...args, ...small]);
    expect(r.err).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const [summary] = readArrowFile(path.join(out, 'summary.arrow'), SUMMARY_ROWS);
    const groups = readArrowFile(path.join(out, 'layers.arrow'), LAYER_ROWS).map((row) => row.layer);
    expect(groups.sort()).toEqual(['a', 'b', 'last', 'stem']);
    // The base learned (a constant network would be ~10 %), the pruned one is smaller and within b on the contract split.
    expect(summary.contract_before as number).toBeGreaterThan(60);
    expect(summary.params_after as number).toBeLessThan(summary.params_before as number);
    expect((summary.contract_before as number) - (summary.contract_after as number)).toBeLessThanOrEqual(2);
    for (const f of ['model.json', 'model.onnx', 'layers.arrow', 'summary.arrow', path.join('report', 'index.html')]) expect(fs.existsSync(path.join(out, f))).toBe(true);
    expect(r.out).toContain(`params ${summary.params_before} → ${summary.params_after}`);

    // Plain tf.loadLayersModel reads --out/model.json; it computes what the pruned description says.
    const plain = await tf.loadLayersModel(`file://${out}/model.json`);
    const saved = await loadModel(out);
    expect(countModel(saved.description).params).toBe(summary.params_after);
    const mnist = loadMnist();
    const x = tf.tensor4d(Float32Array.from(mnist.test.images.subarray(0, 64 * 784), (v) => v / 255), [64, 28, 28, 1]);
    const a = plain.predict(x) as tf.Tensor;
    const rebuilt = buildModel(saved.description, saved.weights);
    const b = rebuilt.predict(x) as tf.Tensor;
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0])).toBeLessThan(1e-5);
    tf.dispose([x, a, b, ...Object.values(saved.weights)]);
    plain.dispose();
    rebuilt.dispose();

    // Run again: the finished job is not repeated.
    const again = await run([...args, ...small]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('(already finished)');
  }, 300_000);

  it('refuses an unsupported layer, or data that is not a source, in one line with exit code 2 and writes nothing', async () => {
    const input = tf.input({ shape: [28, 28, 1] });
    const y = tf.layers.dense({ units: 10 }).apply(tf.layers.flatten().apply(tf.layers.layerNormalization({ name: 'norm' }).apply(input))) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: y });
    await model.save(`file://${tmp}/unsupported`);
    model.dispose();
    const out = path.join(tmp, 'refused');
    const bad = await run(['prune', '--model', path.join(tmp, 'unsupported', 'model.json'), '--data', 'mnist', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/layer 'norm' \(LayerNormalization\): not a supported layer class/);
    expect(bad.err).toMatch(/Conv2D, DepthwiseConv2D, BatchNormalization/);
    const noData = await run(['prune', '--model', userModel, '--data', path.join(tmp, 'nowhere'), '--out', out]);
    expect(noData.code).toBe(2);
    expect(noData.err).toMatch(/--data .*nowhere: not 'mnist' and not a directory/);
    const scale = await run(['prune', '--model', userModel, '--data', 'mnist', '--input-scale', '0-255', '--out', out]);
    expect(scale.code).toBe(2);
    expect(scale.err).toMatch(/--input-scale 0-255: must be one of 0-1, -1-1, imagenet/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
