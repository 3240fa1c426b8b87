import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { disposeWeights, OnnxNet, pruneDescription, registerFileIO, removeFilters, saveModel } from '@l2p/models';
import { randomImages, randomWeights, relativeMaxDiff, tinyDescription } from '@l2p/models/testing';
import { selectBackend } from '@l2p/runtime';
import { main } from '../../main';
import { exportModel } from './export';

describe('l2p export', () => {
  let tmp: string;
  let modelDir: string;
  beforeAll(async () => {
    await selectBackend('wasm');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-export-'));
    modelDir = path.join(tmp, 'model');
    const base = tinyDescription('resnet18');
    const weights = randomWeights(base, 3);
    const pruned = removeFilters(base, weights, 'layer2_0_conv1', [0, 2, 3, 5]);
    expect(pruned.description).toEqual(pruneDescription(base, 'layer2_0_conv1', [0, 2, 3, 5]));
    await saveModel(modelDir, pruned);
    disposeWeights(weights);
    disposeWeights(pruned.weights);
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('--format onnx writes model.onnx, whose outputs equal tf.loadLayersModel(model.json)', async () => {
    const line = await exportModel({ model: modelDir, format: 'onnx', backend: 'wasm' });
    const file = path.join(modelDir, 'model.onnx');
    expect(line).toContain(`${file}: ONNX opset 13`);
    registerFileIO();
    const model = await tf.loadLayersModel(`file://${modelDir}/model.json`);
    const x = randomImages([4, 16, 16, 3], 8);
    const expected = model.predict(x) as tf.Tensor;
    const meta = JSON.parse(fs.readFileSync(path.join(modelDir, 'model.json'), 'utf8')).userDefinedMetadata.l2p;
    const net = await OnnxNet.fromModel(meta.description, fs.readFileSync(file));
    const got = await net.predict(x);
    expect(relativeMaxDiff(got, expected)).toBeLessThan(1e-4);
    await net.release();
    tf.dispose([x, expected, got]);
    model.dispose();
  });

  it('--format tfjs writes a plain tf.js layers model that reloads with the same outputs', async () => {
    const out = path.join(tmp, 'exported');
    expect(await exportModel({ model: modelDir, format: 'tfjs', out, backend: 'wasm' })).toContain(`${out}: tf.js layers model`);
    registerFileIO();
    const [a, b] = await Promise.all([tf.loadLayersModel(`file://${modelDir}/model.json`), tf.loadLayersModel(`file://${out}/model.json`)]);
    const x = randomImages([2, 16, 16, 3], 9);
    const [ya, yb] = [a.predict(x) as tf.Tensor, b.predict(x) as tf.Tensor];
    expect(relativeMaxDiff(ya, yb)).toBe(0);
    tf.dispose([x, ya, yb]);
    a.dispose();
    b.dispose();
  });

  it('never destroys a user\'s file: --out onto a folder of other files, a file, or the model\'s own folder is refused (exit 2, one line, nothing written)', async () => {
    const folder = path.join(tmp, 'user-folder');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'keep me');
    const file = path.join(tmp, 'user-file.onnx');
    fs.writeFileSync(file, 'keep me too');
    const probes: [string[], string][] = [
      [['--format', 'tfjs', '--out', folder], `--out ${folder}: refusing to write into a directory that holds files l2p export --format tfjs does not write (notes.txt) — point --out at a new directory`],
      [['--format', 'tfjs', '--out', file], `--out ${file}: not a writable directory: ${file} is a file, not a directory`],
      [['--format', 'onnx', '--out', file], `--out ${file}: refusing to replace a file l2p export did not write — point --out at a new file, or remove that one`],
      [['--format', 'onnx', '--out', folder], `--out ${folder}: is a directory; refusing to replace it by a file — point --out at a file path`],
      [['--format', 'tfjs', '--out', modelDir], `--out ${modelDir}: is the model folder ${modelDir}; writing there would replace it — point --out at a directory of its own`],
      [['--format', 'tfjs', '--out', tmp], `--out ${tmp}: holds the model folder ${modelDir}; writing there could replace it — point --out at a directory of its own`],
    ];
    const before = fs.readdirSync(tmp, { recursive: true, encoding: 'utf8' }).sort();
    for (const [flags, message] of probes) {
      let err = '';
      const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += chunk.toString()), true));
      try {
        expect([flags.join(' '), await main(['export', modelDir, '--backend', 'wasm', ...flags]), err]).toEqual([flags.join(' '), 2, `error: ${message}\n`]);
      } finally {
        spy.mockRestore();
      }
    }
    expect(fs.readdirSync(tmp, { recursive: true, encoding: 'utf8' }).sort()).toEqual(before);
    expect([fs.readFileSync(path.join(folder, 'notes.txt'), 'utf8'), fs.readFileSync(file, 'utf8')]).toEqual(['keep me', 'keep me too']);
  });

  it('replaces what an earlier export wrote: the same command runs twice', async () => {
    const out = path.join(tmp, 'again');
    for (let i = 0; i < 2; i++) {
      await exportModel({ model: modelDir, format: 'tfjs', out, backend: 'wasm' });
      await exportModel({ model: modelDir, format: 'onnx', out: path.join(tmp, 'again.onnx'), backend: 'wasm' });
    }
    expect(fs.readdirSync(out).sort()).toEqual(['group1-shard1of1.bin', 'model.json', 'spec.json']);
  });

  it('refuses a directory without model.json and an unknown format with exit code 2', async () => {
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await main(['export', tmp])).toBe(2);
      expect(await main(['export', modelDir, '--format', 'tflite'])).toBe(2);
      expect(err.mock.calls.map((c) => String(c[0])).join('')).toMatch(/export: <model> must be a model directory holding model\.json, got /);
    } finally {
      err.mockRestore();
      log.mockRestore();
    }
  });
});
