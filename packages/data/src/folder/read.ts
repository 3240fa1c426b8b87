import * as fs from 'fs';
import * as path from 'path';
import sharp from 'sharp';
import { ConfigError, DataFormatError, Rng } from '@l2p/runtime';
import { channelStats } from '../classification/normalize';
import type { ClassificationData, ClassificationDataset } from '../classification/types';

/** Image files an image folder may hold (decoded by sharp, the project's image codec). */
export const IMAGE_FOLDER_EXTENSIONS = ['.png', '.jpg', '.jpeg'] as const;

export interface ImageFolderOptions {
  /** Every image is resized (stretched) to height × width and converted to this many channels (1 grey, 3 RGB). */
  height: number;
  width: number;
  channels: 1 | 3;
  /**
   * Without `train/` and `test/` subfolders: the share of each class's images kept aside as the test split
   * (seeded). Default 0.2.
   */
  testFraction?: number;
  seed?: number;
}

function classFolders(root: string): string[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

function imageFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => (IMAGE_FOLDER_EXTENSIONS as readonly string[]).includes(path.extname(f).toLowerCase()))
    .sort()
    .map((f) => path.join(dir, f));
}

async function decode(file: string, o: ImageFolderOptions): Promise<Uint8Array> {
  try {
    let img = sharp(fs.readFileSync(file)).resize(o.width, o.height, { fit: 'fill' }).removeAlpha();
    img = o.channels === 1 ? img.toColourspace('b-w') : img.toColourspace('srgb');
    const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== o.channels) throw new Error(`decoded to ${info.channels} channels, expected ${o.channels}`);
    return new Uint8Array(data.buffer, data.byteOffset, data.length);
  } catch (err) {
    throw new DataFormatError(`${file}: not a readable PNG/JPEG image (${(err as Error).message})`);
  }
}

async function readSet(files: { file: string; label: number }[], classNames: string[], o: ImageFolderOptions): Promise<ClassificationData> {
  const per = o.height * o.width * o.channels;
  const images = new Uint8Array(files.length * per);
  const labels = new Uint8Array(files.length);
  for (let i = 0; i < files.length; i++) {
    images.set(await decode(files[i].file, o), i * per);
    labels[i] = files[i].label;
  }
  return { images, labels, count: files.length, height: o.height, width: o.width, channels: o.channels, classes: classNames.length, classNames };
}

/**
 * An image folder with one subfolder per class (sorted names are class 0, 1, …), PNG or JPEG files, as a
 * classification data set at the given size. With `train/` and `test/` subfolders (each holding the class
 * folders) those are the splits; otherwise a seeded `testFraction` of each class is the test split.
 */
export async function loadImageFolder(root: string, options: ImageFolderOptions): Promise<ClassificationDataset> {
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new ConfigError(`--data ${root}: not a directory`);
  const split = fs.existsSync(path.join(root, 'train')) && fs.existsSync(path.join(root, 'test'));
  const trainRoot = split ? path.join(root, 'train') : root;
  const classNames = classFolders(trainRoot);
  if (classNames.length < 2) throw new ConfigError(`--data ${root}: an image folder needs at least two class subfolders, found ${classNames.length}`);
  if (classNames.length > 256) throw new ConfigError(`--data ${root}: at most 256 classes, found ${classNames.length}`);
  const list = (dir: string) =>
    classNames.flatMap((name, label) => {
      const d = path.join(dir, name);
      if (!fs.existsSync(d)) throw new ConfigError(`--data ${root}: ${dir} has no class folder '${name}'`);
      return imageFiles(d).map((file) => ({ file, label }));
    });
  let trainFiles: { file: string; label: number }[];
  let testFiles: { file: string; label: number }[];
  if (split) {
    trainFiles = list(trainRoot);
    testFiles = list(path.join(root, 'test'));
  } else {
    const fraction = options.testFraction ?? 0.2;
    const rng = new Rng(options.seed ?? 0).fork('image-folder-test');
    trainFiles = [];
    testFiles = [];
    classNames.forEach((name, label) => {
      const files = rng.shuffle(imageFiles(path.join(root, name)));
      const nTest = Math.max(1, Math.round(files.length * fraction));
      if (files.length < 2) throw new ConfigError(`--data ${root}: class '${name}' has ${files.length} images; at least two are needed`);
      testFiles.push(...files.slice(0, nTest).sort().map((file) => ({ file, label })));
      trainFiles.push(...files.slice(nTest).sort().map((file) => ({ file, label })));
    });
  }
  for (const [name, files] of [['train', trainFiles], ['test', testFiles]] as const) {
    if (files.length === 0) throw new ConfigError(`--data ${root}: no ${IMAGE_FOLDER_EXTENSIONS.join('/')} images in the ${name} split`);
  }
  const train = await readSet(trainFiles, classNames, options);
  const test = await readSet(testFiles, classNames, options);
  return {
    name: path.basename(path.resolve(root)),
    train,
    test,
    normalization: channelStats(train),
    augmentDefaults: { padding: 0, flip: false },
    files: [path.resolve(root)],
  };
}
