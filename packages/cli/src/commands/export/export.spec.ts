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
