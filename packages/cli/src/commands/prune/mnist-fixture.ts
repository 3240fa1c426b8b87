import * as tf from '@tensorflow/tfjs';
import { loadMnist } from '@l2p/data';
import { registerFileIO } from '@l2p/models';
import { residualConcatNet } from '@l2p/models/testing';
import { Rng } from '@l2p/runtime';

/**
 * Test helper: the Functional net with a residual Add and a Concatenate (`residualConcatNet`), written with the
 * tf.js layers API and trained with plain `model.fit` on the first `images` MNIST training digits (scaled 0–1,
 * seeded order, Adam), saved with `model.save` to `dir` as a user would. Returns its accuracy on test digits.
 */
export async function trainMnistUserModel(dir: string, options: { images: number; epochs: number; seed: number; width?: number; blocks?: number }): Promise<number> {
  registerFileIO();
  const mnist = loadMnist();
  const n = Math.min(options.images, mnist.train.count);
  const order = new Rng(options.seed).permutation(mnist.train.count).slice(0, n);
  const px = 28 * 28;
  const images = new Float32Array(n * px);
  const labels = new Int32Array(n);
  order.forEach((src, i) => {
    for (let j = 0; j < px; j++) images[i * px + j] = mnist.train.images[src * px + j] / 255;
    labels[i] = mnist.train.labels[src];
  });
  const model = residualConcatNet({ size: 28, channels: 1, classes: 10, seed: options.seed, width: options.width ?? 8, blocks: options.blocks ?? 1 });
  model.compile({ optimizer: tf.train.adam(0.005), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const x = tf.tensor4d(images, [n, 28, 28, 1]);
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
  await model.fit(x, y, { epochs: options.epochs, batchSize: 64, shuffle: false, verbose: 0 });
  tf.dispose([x, y]);
  const m = 1000;
  const tx = tf.tensor4d(Float32Array.from(mnist.test.images.subarray(0, m * px), (v) => v / 255), [m, 28, 28, 1]);
  const pred = tf.tidy(() => tf.argMax(model.predict(tx) as tf.Tensor, -1).dataSync());
  let correct = 0;
  for (let i = 0; i < m; i++) if (pred[i] === mnist.test.labels[i]) correct++;
  tx.dispose();
  await model.save(`file://${dir}`);
  model.dispose();
  return (100 * correct) / m;
}
