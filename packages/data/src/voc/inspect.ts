import * as fs from 'fs';
import * as path from 'path';
import { jpegSize } from '../codecs/jpeg';
import { decodeIndexPng } from '../codecs/png';
import type { DatasetLayout } from '../datasets/dataset-entry';
import { checksum, type FileChecksum, type SplitSummary } from '../inspect/summary';
import { md5Bytes } from '../util/md5';
import { VOC2012_DIR, VOC_DEVKIT_DIR, VOC_SPLIT_DIR, VOC_SPLITS } from './layout';
import { readVocMetadata, vocMetadataFile } from './metadata';
import { checkMask, openVoc, resolveVocDir } from './read';

/** Pascal VOC 2012's segmentation layout (also the generated sets'): every listed image and mask is decoded and checked. */
export const vocLayout: DatasetLayout = {
  title: 'VOC 2012',
  looksFor: `${VOC_DEVKIT_DIR}/${VOC2012_DIR}/${VOC_SPLIT_DIR}`,
  detect(root) {
    try {
      resolveVocDir(root);
      return true;
    } catch {
      return false;
    }
  },
  async inspect(root) {
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
  },
};
