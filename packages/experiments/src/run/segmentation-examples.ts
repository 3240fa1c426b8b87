import * as fs from 'fs';
import * as path from 'path';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs';
import { encodeIndexPng, vocPalette } from '@l2p/data';
import { InferenceNet, ModelDescription, Weights } from '@l2p/models';
import { ensureDir, writeJsonAtomic } from '@l2p/runtime';
import { ExperimentData } from './data-sources';

type Net = { description: ModelDescription; weights: Weights };

/**
 * Example segmentations for the report: the first `count` test images, their ground truth, and the unpruned and
 * pruned networks' predictions, as PNGs in the VOC palette, indexed by `examples/examples.json`.
 */
export async function writeSegmentationExamples(dir: string, data: ExperimentData, base: Net, pruned: Net, count = 4): Promise<void> {
  const out = path.join(dir, 'examples');
  ensureDir(out);
  const palette = vocPalette();
  const mean = data.pixelMean ?? [0, 0, 0];
  const items: { id: string; input: string; truth: string; before: string; after: string }[] = [];
  for await (const batch of data.test.batches(0)) {
    const n = Math.min(count - items.length, batch.x.shape[0]);
    const [, h, w] = batch.x.shape;
    const predict = (net: Net): Uint8Array => {
      const inference = new InferenceNet(net.description, net.weights);
      const labels = tf.tidy(() => tf.argMax(inference.predict(tf.slice(batch.x, [0], [n])), -1).toInt());
      inference.dispose();
      const values = Uint8Array.from(labels.dataSync());
      labels.dispose();
      return values;
    };
    const before = predict(base);
    const after = predict(pruned);
    const pixels = batch.x.dataSync();
    const truth = batch.y.dataSync();
    for (let i = 0; i < n; i++) {
      const id = `test-${items.length}`;
      const rgb = new Uint8Array(h * w * 3);
      // The batch holds mean-subtracted RGB; adding the mean back gives the image as it was decoded.
      for (let p = 0; p < h * w; p++) for (let c = 0; c < 3; c++) rgb[p * 3 + c] = Math.max(0, Math.min(255, Math.round(pixels[(i * h * w + p) * 3 + c] + mean[c])));
      const slice = (values: ArrayLike<number>): Uint8Array => Uint8Array.from({ length: h * w }, (_, p) => values[i * h * w + p]);
      const files = { input: `${id}-input.png`, truth: `${id}-truth.png`, before: `${id}-before.png`, after: `${id}-after.png` };
      await sharp(Buffer.from(rgb), { raw: { width: w, height: h, channels: 3 } }).png().toFile(path.join(out, files.input));
      fs.writeFileSync(path.join(out, files.truth), encodeIndexPng({ width: w, height: h, data: slice(truth) }, palette));
      fs.writeFileSync(path.join(out, files.before), encodeIndexPng({ width: w, height: h, data: slice(before) }, palette));
      fs.writeFileSync(path.join(out, files.after), encodeIndexPng({ width: w, height: h, data: slice(after) }, palette));
      items.push({ id, ...files });
    }
    tf.dispose([batch.x, batch.y]);
    if (items.length >= count) break;
  }
  writeJsonAtomic(path.join(out, 'examples.json'), { items });
}
