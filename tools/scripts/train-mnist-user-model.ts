/**
 * Writes a user-style tf.js model for trying `l2p prune --model`: the Functional net with residual adds and a
 * concatenation of @l2p/models/testing (`residualConcatNet`), trained with plain model.fit on MNIST digits by the
 * CLI's test helper, saved with model.save as model.json + shards.
 *
 *   npx tsx tools/scripts/train-mnist-user-model.ts <out-dir> [images=10000] [epochs=3] [width=16] [blocks=2]
 *   npx l2p prune --model <out-dir>/model.json --data mnist --b 2 --out <pruned-dir>
 */
import { selectBackend } from '@l2p/runtime';
import { trainMnistUserModel } from '../../packages/cli/src/commands/prune/mnist-fixture';

(async () => {
  const [dir, images = '10000', epochs = '3', width = '16', blocks = '2'] = process.argv.slice(2);
  if (!dir) throw new Error('usage: train-mnist-user-model.ts <out-dir> [images] [epochs] [width] [blocks]');
  await selectBackend('wasm');
  const started = Date.now();
  const accuracy = await trainMnistUserModel(dir, { images: Number(images), epochs: Number(epochs), seed: 1, width: Number(width), blocks: Number(blocks) });
  console.log(`${dir}/model.json: test accuracy ${accuracy.toFixed(1)}% on the first 1000 MNIST test digits (${((Date.now() - started) / 1000).toFixed(0)} s)`);
})();
