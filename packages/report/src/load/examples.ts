import { DataFormatError } from '@l2p/runtime';
import * as fs from 'fs';
import * as path from 'path';
import { ExampleItem } from '../model';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const IMAGE_KEYS = ['input', 'truth', 'before', 'after'] as const;

/** The file name of an example image, confined to the examples directory (the index is data, not a path to trust). */
function imageFile(dir: string, index: string, itemId: string, key: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value === '' || path.isAbsolute(value) || value.split(/[\\/]/).includes('..')) {
    throw new DataFormatError(`${index}: item '${itemId}' field '${key}' must be a file name inside ${dir}, got ${JSON.stringify(value)}`);
  }
  return path.join(dir, value);
}

function pngDataUri(file: string | null): string | null {
  if (!file || !fs.existsSync(file)) return null; // an example the experiment has not written yet: shown as missing
  const bytes = fs.readFileSync(file);
  if (bytes.length < 8 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
    throw new DataFormatError(`${file}: an example image must be a PNG file (no PNG signature)`);
  }
  return `data:image/png;base64,${bytes.toString('base64')}`;
}

/**
 * Reads `<job>/examples/examples.json` ({items: [{id, input, truth, before, after}]}, file names relative to the
 * examples directory) and embeds each PNG as a data: URI, so the report stays one self-contained file.
 */
export function readExamples(jobDir: string): ExampleItem[] | undefined {
  const dir = path.join(jobDir, 'examples');
  const index = path.join(dir, 'examples.json');
  if (!fs.existsSync(index)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(index, 'utf8'));
  } catch (err) {
    throw new DataFormatError(`${index}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const items = (raw as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) throw new DataFormatError(`${index}: expected {"items": [...]}, found no 'items' array`);
  return items.map((item: unknown, i) => {
    if (item === null || typeof item !== 'object') throw new DataFormatError(`${index}: items[${i}] must be an object`);
    const fields = item as Record<string, unknown>;
    const id = typeof fields.id === 'string' || typeof fields.id === 'number' ? String(fields.id) : `#${i + 1}`;
    const out: ExampleItem = { id, input: null, truth: null, before: null, after: null };
    for (const key of IMAGE_KEYS) out[key] = pngDataUri(imageFile(dir, index, id, key, fields[key]));
    return out;
  });
}
