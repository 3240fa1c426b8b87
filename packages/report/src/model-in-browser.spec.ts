import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { disposeWeights, importLayersModel, registerFileIO, removeFilters, saveModel } from '@l2p/models';
import { randomWeights, residualConcatNet, tinyDescription } from '@l2p/models/testing';
import { selectBackend } from '@l2p/runtime';
import { withChromium } from './testing/browser';

/**
 * Item 5 of issue 12: a pruned model.json, loaded in a real Chromium page with nothing but the tf.js bundle and
 * `tf.loadLayersModel`, gives the logits Node gives. The page and files come from a made-up origin served by
 * Playwright's request routing (file:// pages may not fetch), so no server and no network are involved.
 */
const ORIGIN = 'http://model.test';
const TFJS_BUNDLE = require.resolve('@tensorflow/tfjs/dist/tf.min.js');

// The evaluate callback runs in the page, where the bundle defines `tf`; this package compiles without the DOM.
declare const window: { tf: typeof tf };


/** Loads `dir/model.json` in Chromium with the tf.js bundle only; its outputs for `values` and a layer's kernel shape. */
async function inChromium(dir: string, shape: number[], values: number[], layer: string): Promise<{ logits: number[][]; kernel: number[]; errors: string[]; served: string[] }> {
  return withChromium(async (context) => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const served: string[] = [];
    await page.route(`${ORIGIN}/**`, async (route) => {
      const url = new URL(route.request().url());
      served.push(url.pathname);
      if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', body: `<!doctype html><script src="/tf.min.js"></script>` });
      if (url.pathname === '/tf.min.js') return route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(TFJS_BUNDLE) });
      const file = path.join(dir, path.basename(url.pathname));
      if (url.pathname.startsWith('/model/') && fs.existsSync(file)) return route.fulfill({ body: fs.readFileSync(file) });
      return route.fulfill({ status: 404, body: 'not found' });
    });
    await page.goto(`${ORIGIN}/`);
    const out = await page.evaluate(
      async ({ url, values, shape, name }) => {
        const t = window.tf;
        await t.setBackend('cpu');
        const model = await t.loadLayersModel(url);
        const y = model.predict(t.tensor4d(values, shape as [number, number, number, number])) as ReturnType<typeof t.tensor>;
        return { logits: (await y.array()) as number[][], kernel: model.getLayer(name).getWeights()[0].shape };
      },
      { url: `${ORIGIN}/model/model.json`, values, shape, name: layer },
    );
    await page.close();
    return { ...out, errors, served };
  });
}

describe('a pruned model in the browser', () => {
  let tmp: string;
  beforeAll(async () => {
    await selectBackend('wasm');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-browser-model-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('tf.loadLayersModel in Chromium reads the pruned model.json and gives the same logits as Node', async () => {
    const base = tinyDescription('vgg16');
    const weights = randomWeights(base, 4);
    let pruned = removeFilters(base, weights, 'conv2_1', [0, 3, 5]);
    const next = removeFilters(pruned.description, pruned.weights, 'conv5_3', [1]);
    disposeWeights(pruned.weights);
    pruned = next;
    const dir = path.join(tmp, 'model');
    await saveModel(dir, pruned);
    disposeWeights(weights);
    disposeWeights(pruned.weights);

    registerFileIO();
    const nodeModel = await tf.loadLayersModel(`file://${dir}/model.json`);
    const x = tf.randomNormal([3, 32, 32, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
    const nodeLogits = (nodeModel.predict(x) as tf.Tensor).arraySync() as number[][];
    const input = Array.from(x.dataSync());
    nodeModel.dispose();
    x.dispose();

    const result = await inChromium(dir, [3, 32, 32, 3], input, 'conv2_1');
    expect(result.errors).toEqual([]);
    expect(result.served).toEqual(expect.arrayContaining(['/model/model.json', '/model/group1-shard1of1.bin']));
    // The browser loaded the pruned shapes, not the original ones.
    expect(result.kernel).toEqual([3, 3, 4, 3]);
    const diff = Math.max(...result.logits.flatMap((row, i) => row.map((v, j) => Math.abs(v - nodeLogits[i][j]))));
    const scale = Math.max(1, ...nodeLogits.flat().map(Math.abs));
    expect(diff / scale).toBeLessThan(1e-5);
    expect(new Set(nodeLogits.flat().map((v) => v.toFixed(4))).size).toBeGreaterThan(3);
  });

  it('a Functional tf.js model with a residual add and a concatenation, pruned through channel groups, loads in Chromium with Node\'s outputs', async () => {
    const user = residualConcatNet({ size: 12, channels: 1, classes: 5, seed: 3 });
    await user.save(`file://${tmp}/user`);
    user.dispose();
    const imported = await importLayersModel(path.join(tmp, 'user', 'model.json'));
    let pruned = removeFilters(imported.description, imported.weights, 'stem', [0, 2, 3, 6]);
    const next = removeFilters(pruned.description, pruned.weights, 'a', [1, 4, 5]);
    disposeWeights(pruned.weights);
    pruned = next;
    const dir = path.join(tmp, 'grouped');
    await saveModel(dir, pruned);
    disposeWeights(imported.weights);
    disposeWeights(pruned.weights);
    const nodeModel = await tf.loadLayersModel(`file://${dir}/model.json`);
    const x = tf.randomNormal([2, 12, 12, 1], 0, 1, 'float32', 7) as tf.Tensor4D;
    const nodeOut = (nodeModel.predict(x) as tf.Tensor).arraySync() as number[][];
    const input = Array.from(x.dataSync());
    nodeModel.dispose();
    x.dispose();
    const result = await inChromium(dir, [2, 12, 12, 1], input, 'res_conv');
    expect(result.errors).toEqual([]);
    // res_conv reads and writes the stem's group: 4 of 8 channels on both kernel axes.
    expect(result.kernel).toEqual([3, 3, 4, 4]);
    const diff = Math.max(...result.logits.flatMap((row, i) => row.map((v, j) => Math.abs(v - nodeOut[i][j]))));
    expect(diff).toBeLessThan(1e-5);
    expect(new Set(nodeOut.flat().map((v) => v.toFixed(4))).size).toBeGreaterThan(3);
  });
});
