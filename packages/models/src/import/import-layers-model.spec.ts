import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, Rng, selectBackend } from '@l2p/runtime';
import { buildModel } from '../build/builder';
import { countModel } from '../count/counter';
import { inferShapes } from '../description/graph';
import type { ChannelGroup, ModelDescription } from '../description/types';
import { InferenceNet } from '../inference/inference-net';
import { loadModel, saveModel } from '../io/checkpoint';
import { registerFileIO } from '../io/file-io';
import { OnnxNet } from '../onnx/onnx-net';
import { exportOnnx } from '../onnx/export-model';
import { filterCount as groupFilterCount, removeFilters as removeGroup } from '../surgery/remove-filters';
import { randomImages, randomKeep, relativeMaxDiff } from '../testing/fixtures';
import { residualConcatNet, sequentialCnn } from '../testing/layers-models';
import { disposeWeights, type Weights } from '../weights/types';
import { importLayersModel } from './import-layers-model';

let tmp: string;
beforeAll(async () => {
  await selectBackend('cpu');
  registerFileIO();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-import-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function saved(model: tf.LayersModel, name: string): Promise<string> {
  const dir = path.join(tmp, name);
  await model.save(`file://${dir}`);
  return path.join(dir, 'model.json');
}

/** Trainable parameters a group removal should drop, from the group's own lists (members, shrinks, consumers). */
function predictedDrop(d: ModelDescription, group: ChannelGroup, removed: number): number {
  const shapes = inferShapes(d);
  const node = (name: string) => d.nodes.find((n) => n.name === name);
  let drop = 0;
  for (const m of group.members) {
    const n = node(m);
    if (n?.kind !== 'conv') throw new Error('member is not a conv');
    drop += n.kernel * n.kernel * (shapes.get(n.inputs[0]) as number[])[2] * removed + (n.useBias ? removed : 0);
  }
  for (const s of group.shrinks) {
    const n = node(s);
    if (n?.kind === 'bn') drop += 2 * removed;
    if (n?.kind === 'depthwise-conv') drop += n.kernel * n.kernel * removed + (n.useBias ? removed : 0);
  }
  for (const c of group.consumers) {
    const n = node(c.layer);
    if (n?.kind === 'conv') {
      drop += n.kernel * n.kernel * removed * n.filters;
      // A member reading its own group: the removed rows and columns overlap in removed² kernel entries per tap.
      if (group.members.includes(c.layer)) drop -= n.kernel * n.kernel * removed * removed;
    }
    if (n?.kind === 'dense') {
      // Through a flatten every position of the group's channels is an input row.
      const before = node(n.inputs[0]);
      const spatial = before?.kind === 'flatten' ? (shapes.get(before.inputs[0]) as number[]) : [1];
      const positions = spatial.length === 3 ? spatial[0] * spatial[1] : 1;
      drop += positions * removed * n.units;
    }
  }
  return drop;
}

async function checkImport(model: tf.LayersModel, file: string): Promise<{ description: ModelDescription; weights: Weights }> {
  const imported = await importLayersModel(file);
  const x = randomImages([4, ...imported.description.inputShape], 3);
  const expected = model.predict(x) as tf.Tensor;
  const rebuilt = buildModel(imported.description, imported.weights);
  const got = rebuilt.predict(x) as tf.Tensor;
  expect(relativeMaxDiff(got, expected)).toBeLessThan(1e-4);
  // The inputs decide the outputs (a constant network would pass trivially).
  expect(tf.tidy(() => tf.moments(expected).variance.dataSync()[0])).toBeGreaterThan(1e-8);
  const net = new InferenceNet(imported.description, imported.weights);
  const logits = net.predict(x);
  expect(relativeMaxDiff(tf.softmax(logits), expected)).toBeLessThan(1e-4);
  const onnx = await OnnxNet.fromModel(imported.description, exportOnnx(imported.description, imported.weights));
  const fromOnnx = await onnx.predict(x);
  expect(relativeMaxDiff(fromOnnx, expected)).toBeLessThan(1e-4);
  await onnx.release();
  net.dispose();
  rebuilt.dispose();
  tf.dispose([x, expected, got, logits, fromOnnx]);
  return imported;
}

/** Prunes every group by a random subset; pruned outputs equal the masked original's; the count drops as predicted. */
async function checkGroupPruning(imported: { description: ModelDescription; weights: Weights }, seed: number): Promise<void> {
  let { description, weights } = imported;
  weights = Object.fromEntries(Object.entries(weights).map(([k, t]) => [k, tf.clone(t)]));
  const rng = new Rng(seed);
  const x = randomImages([5, ...description.inputShape], seed);
  const params0 = countModel(description).params;
  let expectedParams = params0;
  for (const group of description.groups) {
    const n = groupFilterCount(description, group.name);
    const keep = randomKeep(n, Math.max(1, Math.floor(n / 2)), rng);
    const mask = Array.from({ length: n }, (_, i) => (keep.includes(i) ? 1 : 0));
    const net = new InferenceNet(description, weights);
    const cache = net.activationsAfter(group.name, x);
    const masked = net.forwardFrom(cache, { candidates: [mask, mask.map(() => 1)] });
    const [maskedLogits, unmasked] = tf.unstack(masked);
    const plain = net.predict(x);
    // The all-ones candidate is the unmasked network; the mask changes the outputs (it is not a no-op).
    expect(relativeMaxDiff(unmasked, plain)).toBeLessThan(1e-5);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(maskedLogits, plain))).dataSync()[0])).toBeGreaterThan(1e-4);
    expectedParams -= predictedDrop(description, group, n - keep.length);
    const pruned = removeGroup(description, weights, group.name, keep);
    const prunedNet = new InferenceNet(pruned.description, pruned.weights);
    const got = prunedNet.predict(x);
    expect(relativeMaxDiff(got, maskedLogits)).toBeLessThan(1e-4);
    const model = buildModel(pruned.description, pruned.weights);
    const probs = model.predict(x) as tf.Tensor;
    expect(relativeMaxDiff(probs, tf.softmax(maskedLogits))).toBeLessThan(1e-4);
    expect(countModel(pruned.description).params).toBe(expectedParams);
    tf.dispose([masked, maskedLogits, unmasked, plain, got, probs]);
    model.dispose();
    cache.dispose();
    net.dispose();
    prunedNet.dispose();
    disposeWeights(weights);
    ({ description, weights } = pruned);
  }
  expect(countModel(description).params).toBeLessThan(params0);
  // Saved with the plan, reloaded by plain tf.loadLayersModel and by loadModel: same outputs.
  const dir = path.join(tmp, `pruned-${description.architecture}-${seed}`);
  await saveModel(dir, { description, weights });
  const plainModel = await tf.loadLayersModel(`file://${dir}/model.json`);
  const reference = buildModel(description, weights);
  const a = plainModel.predict(x) as tf.Tensor;
  const b = reference.predict(x) as tf.Tensor;
  expect(relativeMaxDiff(a, b)).toBeLessThan(1e-5);
  const reloaded = await loadModel(dir);
  expect(reloaded.description).toEqual(description);
  tf.dispose([a, b, x]);
  plainModel.dispose();
  reference.dispose();
  disposeWeights(reloaded.weights);
  disposeWeights(weights);
}

describe('importLayersModel', () => {
  it('imports a Sequential CNN (depthwise, pooling, padding, dropout, softmax) with the same outputs; its groups prune consistently', async () => {
    const model = sequentialCnn({ seed: 3 });
    const imported = await checkImport(model, await saved(model, 'seq'));
    const d = imported.description;
    expect(d.outputActivation).toBe('softmax');
    // The depthwise conv is pruned with its producer c1; c2 and c3 are groups of their own.
    expect(d.groups?.map((g) => g.members)).toEqual([['c1'], ['c2'], ['c3']]);
    expect(d.groups?.[0].shrinks).toEqual(['c1_bn', 'dw']);
    expect(d.groups?.[0].consumers).toEqual([{ layer: 'c2', offset: 0 }]);
    // c1's ReLU comes before its BN (the mask goes after the BN), and the biased depthwise conv revives zeros.
    expect(d.groups?.[0].maskPoints).toEqual(['c1_bn', 'dw']);
    await checkGroupPruning(imported, 11);
    model.dispose();
  });

  it('imports a Functional net with a residual Add and a Concatenate; groups couple the add and map the concat slices', async () => {
    const model = residualConcatNet({ seed: 5 });
    const imported = await checkImport(model, await saved(model, 'res'));
    const groups = imported.description.groups;
    // (tf.js orders the two concat branches b before a.)
    expect(groups.map((g) => g.members).sort()).toEqual([['a'], ['b'], ['last'], ['stem', 'res_conv']]);
    const byName = new Map(groups.map((g) => [g.name, g]));
    // res_conv is a member that also reads the group's channels: its kernel shrinks on both axes.
    expect(byName.get('stem')?.consumers).toEqual([
      { layer: 'res_conv', offset: 0 },
      { layer: 'b', offset: 0 },
      { layer: 'a', offset: 0 },
    ]);
    expect(byName.get('a')?.consumers).toEqual([{ layer: 'last', offset: 0 }]);
    expect(byName.get('b')?.consumers).toEqual([{ layer: 'last', offset: 8 }]);
    expect(byName.get('last')?.consumers).toEqual([{ layer: 'logits', offset: 0 }]);
    await checkGroupPruning(imported, 13);
    model.dispose();
  });

  it('refuses an unsupported layer, naming it, its class and the supported classes, before loading anything', async () => {
    const input = tf.input({ shape: [8, 8, 1] });
    const y = tf.layers.dense({ units: 3, name: 'head' }).apply(
      tf.layers.flatten().apply(tf.layers.layerNormalization({ name: 'ln' }).apply(tf.layers.conv2d({ filters: 2, kernelSize: 3 }).apply(input))),
    ) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: y });
    const file = await saved(model, 'unsupported');
    const err = await importLayersModel(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(String((err as Error).message)).toMatch(/layer 'ln' \(LayerNormalization\)/);
    expect(`${(err as ConfigError).message} ${(err as ConfigError).hint ?? ''}`).toMatch(/Conv2D, DepthwiseConv2D, BatchNormalization/);
    model.dispose();
  });
});
