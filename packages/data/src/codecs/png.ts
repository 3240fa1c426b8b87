import type * as FastPng from 'fast-png/lib/index.js';
import { DataFormatError } from '@l2p/runtime';

/**
 * fast-png is the project's only PNG codec (it exposes palette indices, which sharp does not). It ships as an ES
 * module only, so it is required lazily: Node ≥ 20.19 loads it with require(), and test runners that cannot
 * (jest on Node 20 without a transform) fail only in the tests that decode PNGs, not in every importer.
 */
let fastPng: typeof FastPng | undefined;
function codec(): typeof FastPng {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  fastPng ??= require('fast-png') as typeof FastPng;
  return fastPng;
}

/** A single-channel 8-bit image of palette indices (or grey levels), row-major. */
export interface IndexImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
  /** The palette as [r, g, b] triples, when the PNG has one. */
  readonly palette?: readonly (readonly number[])[];
}

/** Unpacks 1/2/4-bit samples (rows padded to whole bytes, most significant bits first) to one byte each. */
function unpackBits(packed: Uint8Array, width: number, height: number, depth: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const rowBytes = Math.ceil((width * depth) / 8);
  const perByte = 8 / depth;
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const byte = packed[y * rowBytes + Math.floor(x / perByte)];
      const shift = 8 - depth * ((x % perByte) + 1);
      out[y * width + x] = (byte >> shift) & mask;
    }
  }
  return out;
}

/**
 * Decodes a palette PNG (colour type 3) to its palette indices; an 8-bit greyscale PNG is accepted too, its grey
 * level standing for the index (the layout of SBD-style label masks). Anything else is a DataFormatError.
 */
export function decodeIndexPng(bytes: Uint8Array, file: string): IndexImage {
  let png: FastPng.DecodedPng;
  try {
    png = codec().decode(bytes);
  } catch (err) {
    throw new DataFormatError(`${file}: not a readable PNG (${(err as Error).message})`);
  }
  if (png.channels !== 1 || png.depth === 16) {
    throw new DataFormatError(
      `${file}: a label mask must be a palette PNG (or 8-bit greyscale), got ${png.channels} channel(s) of ${png.depth} bits`,
    );
  }
  if (!png.palette && png.depth !== 8) {
    throw new DataFormatError(`${file}: a greyscale label mask must have 8-bit samples, got ${png.depth} bits`);
  }
  const data = png.depth === 8 ? new Uint8Array(png.data.buffer, png.data.byteOffset, png.width * png.height) : unpackBits(png.data as Uint8Array, png.width, png.height, png.depth);
  return { width: png.width, height: png.height, data, palette: png.palette };
}

/** Encodes palette indices as an 8-bit palette PNG with the given [r, g, b] palette. */
export function encodeIndexPng(image: { width: number; height: number; data: Uint8Array }, palette: readonly (readonly number[])[]): Uint8Array {
  return codec().encode({
    width: image.width,
    height: image.height,
    data: image.data,
    depth: 8,
    channels: 1,
    palette: palette.map((c) => [...c]),
  });
}

/** Encodes an 8-bit greyscale PNG. */
export function encodeGreyPng(image: { width: number; height: number; data: Uint8Array }): Uint8Array {
  return codec().encode({ width: image.width, height: image.height, data: image.data, depth: 8, channels: 1 });
}
