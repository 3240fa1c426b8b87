import sharp from 'sharp';
import { DataFormatError } from '@l2p/runtime';

/** sharp is the project's only JPEG codec, for reading data sets and for writing generated ones. */

export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** HWC, 3 channels. */
  readonly data: Uint8Array;
}

/** Decodes a JPEG (any colour space sharp reads) to 8-bit sRGB. */
export async function decodeJpeg(bytes: Uint8Array, file: string): Promise<RgbImage> {
  try {
    const { data, info } = await sharp(bytes).toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (err) {
    throw new DataFormatError(`${file}: not a readable JPEG (${(err as Error).message})`);
  }
}

/** Width and height from the header only. */
export async function jpegSize(bytes: Uint8Array, file: string): Promise<{ width: number; height: number }> {
  try {
    const meta = await sharp(bytes).metadata();
    if (!meta.width || !meta.height) throw new Error('no size in header');
    return { width: meta.width, height: meta.height };
  } catch (err) {
    throw new DataFormatError(`${file}: not a readable JPEG (${(err as Error).message})`);
  }
}

export async function encodeJpeg(image: RgbImage, quality = 90): Promise<Uint8Array> {
  const buf = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .jpeg({ quality, chromaSubsampling: '4:4:4' })
    .toBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
}
