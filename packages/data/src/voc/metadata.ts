import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { DataFormatError } from '@l2p/runtime';
import { VOC_VOID } from './layout';

/**
 * An optional `dataset.json` beside ImageSets/ in a VOC2012 directory, for sets in VOC's layout with classes of
 * their own (the generated MNIST segmentation set). Pascal VOC itself has none, and then the VOC classes and
 * FCN's mean pixel apply. When present, it alone says how many classes there are, their names (index = palette
 * index = class) and the mean pixel subtracted from inputs.
 */
export const VOC_METADATA_FILE = 'dataset.json';

const metadataSchema = z
  .object({
    name: z.string().min(1),
    /** Index i is class i; at most 255 classes, since 255 is void. */
    classNames: z.array(z.string().min(1)).min(2).max(VOC_VOID),
    /** Mean pixel (RGB, 0–255), as FCN subtracts from every input. */
    meanRgb: z.tuple([z.number().min(0).max(255), z.number().min(0).max(255), z.number().min(0).max(255)]),
    /** Free-form provenance (e.g. the generator's options); not read by the loader. */
    source: z.record(z.unknown()).optional(),
  })
  .strict();

export type VocMetadata = z.infer<typeof metadataSchema>;

export function vocMetadataFile(vocDir: string): string {
  return path.join(vocDir, VOC_METADATA_FILE);
}

/** The metadata of a VOC2012 directory, or undefined when it has no dataset.json (Pascal VOC itself). */
export function readVocMetadata(vocDir: string): VocMetadata | undefined {
  const file = vocMetadataFile(vocDir);
  if (!fs.existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new DataFormatError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = metadataSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DataFormatError(`${file}: ${issue.path.length > 0 ? issue.path.join('.') : '(top level)'}: ${issue.message}`);
  }
  return parsed.data;
}

export function vocMetadataJson(metadata: VocMetadata): string {
  return `${JSON.stringify(metadataSchema.parse(metadata), null, 2)}\n`;
}
