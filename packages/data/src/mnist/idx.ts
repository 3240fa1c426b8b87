import * as fs from 'fs';
import { gunzipSync } from 'zlib';
import { DataFormatError } from '@l2p/runtime';

/** IDX magic numbers: two zero bytes, type 0x08 (unsigned byte), then the number of dimensions. */
export const IDX_IMAGES_MAGIC = 2051;
export const IDX_LABELS_MAGIC = 2049;

export interface IdxArray {
  readonly file: string;
  readonly magic: number;
  readonly dims: readonly number[];
  /** The values, after the header (a view into the file's bytes). */
  readonly data: Uint8Array;
  /** The file's bytes as stored (gzipped when the name ends in .gz), for checksums. */
  readonly raw: Uint8Array;
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/** Parses an IDX file's bytes; `expectedMagic` is 2051 for images, 2049 for labels. */
export function parseIdx(bytes: Uint8Array, file: string, expectedMagic: number): Omit<IdxArray, 'raw'> {
  const what = expectedMagic === IDX_IMAGES_MAGIC ? 'images' : 'labels';
  if (bytes.length < 4) throw new DataFormatError(`${file}: ${bytes.length} bytes is too short for an IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (magic !== expectedMagic) {
    throw new DataFormatError(
      `${file}: bad IDX magic ${magic} (${hex(magic)}) at byte offset 0, expected ${expectedMagic} (${hex(expectedMagic)}) for ${what}`,
    );
  }
  const ndims = bytes[3];
  const header = 4 + 4 * ndims;
  if (bytes.length < header) {
    throw new DataFormatError(`${file}: truncated IDX header, ${bytes.length} bytes but the ${ndims} dimensions need ${header}`);
  }
  const dims: number[] = [];
  for (let d = 0; d < ndims; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const expected = header + dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== expected) {
    const need = `dimensions ${dims.join('×')} need ${expected} bytes, file has ${bytes.length}`;
    if (bytes.length > expected) throw new DataFormatError(`${file}: oversized, unexpected data from byte offset ${expected} on (${need})`);
    const recordBytes = dims.slice(1).reduce((a, b) => a * b, 1);
    const record = Math.floor((bytes.length - header) / recordBytes);
    throw new DataFormatError(`${file}: truncated, data ends at byte offset ${bytes.length} inside record ${record} (${need})`);
  }
  return { file, magic, dims, data: bytes.subarray(header) };
}

/** Reads an IDX file, gunzipping it when its name ends in .gz. */
export function readIdx(file: string, expectedMagic: number): IdxArray {
  const view = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.length);
  const raw = view(fs.readFileSync(file));
  let bytes = raw;
  if (file.endsWith('.gz')) {
    try {
      bytes = view(gunzipSync(raw));
    } catch (err) {
      throw new DataFormatError(`${file}: not a valid gzip file (${(err as Error).message})`);
    }
  }
  return { ...parseIdx(bytes, file, expectedMagic), raw };
}

/** The bytes of an IDX file of unsigned bytes with the given magic and dimensions. */
export function encodeIdx(magic: number, dims: readonly number[], data: Uint8Array): Uint8Array {
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic, false);
  dims.forEach((d, k) => view.setUint32(4 + 4 * k, d, false));
  out.set(data, header);
  return out;
}
