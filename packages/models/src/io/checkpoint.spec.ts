import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { DataFormatError, DataMissingError } from '@l2p/runtime';
import { buildModel } from '../build/builder';
import { removeFilters } from '../surgery/remove-filters';
import { randomImages, randomWeights, TINY, tinyDescription } from '../testing/fixtures';
import { disposeWeights } from '../weights/types';
import { loadModel, saveModel, SPEC_JSON } from './checkpoint';
import { registerFileIO, SHARD_BYTES } from './file-io';

let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-models-io-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe.each(Object.keys(TINY))('checkpoint of a pruned %s', (name) => {
  it('reloads with plain tf.loadLayersModel and with loadModel, with identical outputs', async () => {
    const description = tinyDescription(name);
    const weights = randomWeights(description, 2);
    const layer = description.groups[description.groups.length - 1].name;
    const pruned = removeFilters(description, weights, layer, [0, 2]);
    const again = removeFilters(pruned.description, pruned.weights, description.groups[0].name, [1]);
    const dir = path.join(root, name);
    await saveModel(dir, again);

    const x = randomImages([2, ...description.inputShape], 1);
    const original = buildModel(again.description, again.weights);
    const expected = original.predict(x) as tf.Tensor;

    registerFileIO();
    const plain = await tf.loadLayersModel(`file://${dir}/model.json`);
    const fromPlain = plain.predict(x) as tf.Tensor;
    expect(Array.from(fromPlain.dataSync())).toEqual(Array.from(expected.dataSync()));

    const loaded = await loadModel(dir);
    expect(loaded.description).toEqual(again.description);
    expect(loaded.description.plan).toEqual([
      { layer, keptFilters: [0, 2] },
      { layer: description.groups[0].name, keptFilters: [1] },
    ]);
    const rebuilt = buildModel(loaded.description, loaded.weights);
    const fromLoaded = rebuilt.predict(x) as tf.Tensor;
    expect(Array.from(fromLoaded.dataSync())).toEqual(Array.from(expected.dataSync()));

    const spec = JSON.parse(fs.readFileSync(path.join(dir, SPEC_JSON), 'utf8'));
    expect(spec.plan).toEqual(again.description.plan);

    tf.dispose([x, expected, fromPlain, fromLoaded]);
    [original, plain, rebuilt].forEach((m) => m.dispose());
    [weights, pruned.weights, again.weights, loaded.weights].forEach(disposeWeights);
  });
});

describe('file IO', () => {
  it("lets model.save('file://…') write shards of at most 4 MiB and replaces the directory atomically", async () => {
    registerFileIO();
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [1200], units: 1000 })] });
    const dir = path.join(root, 'big');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'stale.txt'), 'old');
    await model.save(`file://${dir}`);
    const shards = fs.readdirSync(dir).filter((f) => f.endsWith('.bin')).sort();
    expect(shards).toEqual(['group1-shard1of2.bin', 'group1-shard2of2.bin']);
    expect(fs.statSync(path.join(dir, shards[0])).size).toBe(SHARD_BYTES);
    expect(fs.existsSync(path.join(dir, 'stale.txt'))).toBe(false);
    const back = await tf.loadLayersModel(`file://${dir}`);
    expect(Array.from(back.getWeights()[0].dataSync().slice(0, 50))).toEqual(Array.from(model.getWeights()[0].dataSync().slice(0, 50)));
    expect(fs.readdirSync(root).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('names the missing file or the format problem', async () => {
    await expect(loadModel(path.join(root, 'nothing'))).rejects.toThrow(DataMissingError);
    const dir = path.join(root, 'plain');
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
    await model.save(`file://${dir}`);
    await expect(loadModel(dir)).rejects.toThrow(DataFormatError);
    await expect(loadModel(dir)).rejects.toThrow(/model.json: no userDefinedMetadata.l2p/);
  });

  it('names a truncated weight shard with its expected and actual byte counts', async () => {
    const description = tinyDescription(Object.keys(TINY)[0]);
    const weights = randomWeights(description, 4);
    const dir = path.join(root, 'truncated');
    await saveModel(dir, { description, weights });
    disposeWeights(weights);
    const shard = path.join(dir, 'group1-shard1of1.bin');
    const bytes = fs.statSync(shard).size;
    fs.truncateSync(shard, Math.floor(bytes / 3));
    const error = await loadModel(dir).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(error).toBeInstanceOf(DataFormatError);
    expect(error?.message).toBe(
      `${shard}: weight shard is ${Math.floor(bytes / 3)} bytes, expected ${bytes} (model.json's ${Object.keys(weights).length} weights need ${bytes} bytes in 1 shard(s), the shards hold ${Math.floor(bytes / 3)}): truncated, or from another model`,
    );
    // The same for plain tf.loadLayersModel through the file:// router.
    await expect(tf.loadLayersModel(`file://${dir}/model.json`)).rejects.toThrow(/group1-shard1of1\.bin: weight shard is \d+ bytes, expected \d+/);
  });
});
