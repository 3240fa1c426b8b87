import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { type ChannelStats, type ClassificationData, type ClassificationDataset, loadCifar10, loadImageFolder, loadMnist } from '@l2p/data';
import { ConfigError } from '@l2p/runtime';

/** How pixel bytes become the model's input values (what the model was trained with). */
export const INPUT_SCALES = ['0-1', '-1-1', 'imagenet'] as const;
export type InputScale = (typeof INPUT_SCALES)[number];

/** The scale as the per-channel (byte/255 − mean) / std the batch iterator applies. */
export function scaleStats(scale: InputScale, channels: number): ChannelStats {
  switch (scale) {
    case '0-1':
      return { mean: Array(channels).fill(0), std: Array(channels).fill(1) };
    case '-1-1':
      return { mean: Array(channels).fill(0.5), std: Array(channels).fill(0.5) };
    case 'imagenet':
      if (channels !== 3) throw new ConfigError(`--input-scale imagenet: ImageNet statistics are for 3 channels, the model takes ${channels}`);
      return { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
  }
}

/** What kind of source --data names. */
export function dataKind(data: string): 'mnist' | 'cifar10' | 'idx' | 'folder' {
  if (data === 'mnist') return 'mnist';
  const root = path.resolve(data);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new ConfigError(`--data ${data}: not 'mnist' and not a directory (a CIFAR-10 or IDX root, or an image folder with one subfolder per class)`);
  }
  const files = fs.readdirSync(root);
  if (files.includes('cifar-10-batches-bin') || files.includes('data_batch_1.bin')) return 'cifar10';
  if (files.some((f) => /-idx[13]-ubyte(\.gz)?$/.test(f))) return 'idx';
  return 'folder';
}

/** Images resized (bilinear) to the model's H×W and converted to its channel count (grey ↔ RGB), as bytes. */
function fitImages(data: ClassificationData, [h, w, c]: readonly number[]): ClassificationData {
  if (data.height === h && data.width === w && data.channels === c) return data;
  if (c !== 1 && c !== 3) throw new ConfigError(`the model takes ${c} channels; images can be fitted to 1 (grey) or 3 (RGB)`);
  const per = h * w * c;
  const images = new Uint8Array(data.count * per);
  const chunk = 512;
  for (let start = 0; start < data.count; start += chunk) {
    const n = Math.min(chunk, data.count - start);
    const out = tf.tidy(() => {
      const src = data.images.subarray(start * data.height * data.width * data.channels, (start + n) * data.height * data.width * data.channels);
      let x = tf.tensor4d(Float32Array.from(src), [n, data.height, data.width, data.channels]);
      if (data.height !== h || data.width !== w) x = tf.image.resizeBilinear(x, [h, w], true);
      if (data.channels === 1 && c === 3) x = tf.tile(x, [1, 1, 1, 3]);
      // ITU-R BT.601 luma, as image libraries convert RGB to grey.
      if (data.channels === 3 && c === 1) x = tf.sum(tf.mul(x, tf.tensor1d([0.299, 0.587, 0.114])), -1, true);
      return tf.clipByValue(tf.round(x), 0, 255);
    });
    images.set(Uint8Array.from(out.dataSync()), start * per);
    out.dispose();
  }
  return { ...data, images, height: h, width: w, channels: c };
}

/**
 * The user's data for a model with input [H, W, C] and `classes` outputs: 'mnist' (the bundled digits), a
 * CIFAR-10 root, an IDX root (MNIST layout) or an image folder (one subfolder per class, PNG/JPEG), fitted to the
 * model's input size and scaled as `scale` says.
 */
export async function loadUserData(data: string, inputShape: readonly [number, number, number], classes: number, scale: InputScale): Promise<ClassificationDataset> {
  const kind = dataKind(data);
  const [h, w, c] = inputShape;
  let ds: ClassificationDataset;
  if (kind === 'mnist') ds = loadMnist();
  else if (kind === 'idx') ds = loadMnist({ dir: path.resolve(data) });
  else if (kind === 'cifar10') ds = loadCifar10(path.resolve(data));
  else {
    if (c !== 1 && c !== 3) throw new ConfigError(`--data ${data}: the model takes ${c} channels; an image folder gives 1 (grey) or 3 (RGB)`);
    ds = await loadImageFolder(path.resolve(data), { height: h, width: w, channels: c });
  }
  if (ds.train.classes !== classes) {
    throw new ConfigError(`--data ${data}: ${ds.train.classes} classes, but the model has ${classes} outputs`);
  }
  return { ...ds, train: fitImages(ds.train, inputShape), test: fitImages(ds.test, inputShape), normalization: scaleStats(scale, c), augmentDefaults: { padding: 0, flip: false } };
}
