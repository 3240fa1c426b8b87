import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { type ChannelStats, type ClassificationData, type ClassificationDataset, DATASETS, findLayout, layoutEntries, loadImageFolder } from '@l2p/data';
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

/** A source --data names: the word the run records it under, and how to read it (none for an image folder). */
interface UserDataSource {
  readonly kind: string;
  readonly read?: () => ClassificationDataset;
}

/** The data registry's sets `--data` takes by name: the bundled ones (a default root, no fetch) read as classification data. */
function bundledSets(): { name: string; root: string; read: (root: string) => ClassificationDataset }[] {
  return DATASETS.all().flatMap((e) => {
    const read = e.layout?.userData?.read;
    return e.defaultRoot && !e.fetch && read ? [{ name: e.name, root: e.defaultRoot().path, read }] : [];
  });
}

/** The directories --data takes, in words, from the data registry's classification layouts: "a CIFAR-10 binary or MNIST IDX root, or an image folder …". */
function rootChoices(): string {
  const layouts = layoutEntries().flatMap((e) => (e.layout.userData ? [e.layout.title] : []));
  return `a ${layouts.join(' or ')} root, or an image folder with one subfolder per class`;
}

/** What --data takes, in words: "'mnist', a CIFAR-10 binary or MNIST IDX root, or an image folder with one subfolder per class". */
export function userDataChoices(): string {
  return `${bundledSets()
    .map((b) => `'${b.name}', `)
    .join('')}${rootChoices()}`;
}

function userDataSource(data: string): UserDataSource {
  const bundled = bundledSets().find((b) => b.name === data);
  if (bundled) return { kind: bundled.name, read: () => bundled.read(bundled.root) };
  const root = path.resolve(data);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new ConfigError(`--data ${data}: not ${bundledSets().map((b) => `'${b.name}'`).join(' or ')} and not a directory (${rootChoices()})`);
  }
  const found = findLayout(root);
  if (!found) return { kind: 'folder' };
  const userData = found.layout.userData;
  if (!userData) throw new ConfigError(`--data ${data}: a ${found.layout.title} root, which --model cannot take (it takes ${userDataChoices()})`);
  return { kind: userData.recordAs, read: () => userData.read(root) };
}

/** What kind of source --data names: a bundled set's name, a layout's (`idx` for an IDX root), or 'folder'. */
export function dataKind(data: string): string {
  return userDataSource(data).kind;
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
 * The user's data for a model with input [H, W, C] and `classes` outputs (see userDataChoices: a bundled set by
 * name, a root of a classification layout, or an image folder), fitted to the model's input size and scaled as
 * `scale` says.
 */
export async function loadUserData(data: string, inputShape: readonly [number, number, number], classes: number, scale: InputScale): Promise<ClassificationDataset> {
  const source = userDataSource(data);
  const [h, w, c] = inputShape;
  let ds: ClassificationDataset;
  if (source.read) ds = source.read();
  else {
    if (c !== 1 && c !== 3) throw new ConfigError(`--data ${data}: the model takes ${c} channels; an image folder gives 1 (grey) or 3 (RGB)`);
    ds = await loadImageFolder(path.resolve(data), { height: h, width: w, channels: c });
  }
  if (ds.train.classes !== classes) {
    throw new ConfigError(`--data ${data}: ${ds.train.classes} classes, but the model has ${classes} outputs`);
  }
  return { ...ds, train: fitImages(ds.train, inputShape), test: fitImages(ds.test, inputShape), normalization: scaleStats(scale, c), augmentDefaults: { padding: 0, flip: false } };
}
