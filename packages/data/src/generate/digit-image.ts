/** The MNIST digit as drawn on a canvas: dilated (bold), its ink box, and scaled to a height. */
import type { DigitSource } from './digit-canvas';

/** One grey image, row-major. */
export interface GreyImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * Record `index` of the source with a grey dilation of radius `bold` (the maximum over a disc), padded by `bold`
 * on every side so that nothing is cut off. `bold` 0 returns the digit as it is.
 */
export function digitImage(source: DigitSource, index: number, bold: number): GreyImage {
  const { height, width } = source;
  const base = index * height * width;
  if (bold <= 0) return { width, height, data: source.images.subarray(base, base + height * width) };
  const w = width + 2 * bold;
  const h = height + 2 * bold;
  const data = new Uint8Array(w * h);
  const disc: [number, number][] = [];
  for (let dy = -bold; dy <= bold; dy++) for (let dx = -bold; dx <= bold; dx++) if (dx * dx + dy * dy <= bold * bold + bold) disc.push([dx, dy]);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = source.images[base + y * width + x];
      if (v === 0) continue;
      for (const [dx, dy] of disc) {
        const o = (y + bold + dy) * w + x + bold + dx;
        if (data[o] < v) data[o] = v;
      }
    }
  }
  return { width: w, height: h, data };
}

/** The tight box of an image's non-zero pixels (the whole image when it is blank). */
export function inkBox(image: GreyImage): { x0: number; y0: number; x1: number; y1: number } {
  const { height, width } = image;
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (image.data[y * width + x] === 0) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  return x1 < 0 ? { x0: 0, y0: 0, x1: width - 1, y1: height - 1 } : { x0, y0, x1, y1 };
}

/**
 * A digit's intensity (0–1) scaled by bilinear interpolation so that its ink box becomes `outHeight` rows tall,
 * with `margin` pixels on every side (room for the interpolated edge and the void band). Returns the box size and
 * the values.
 */
export function scaleDigit(image: GreyImage, outHeight: number, margin = 1): { width: number; height: number; alpha: Float32Array } {
  const box = inkBox(image);
  const scale = outHeight / (box.y1 - box.y0 + 1);
  const inkWidth = Math.max(1, Math.round((box.x1 - box.x0 + 1) * scale));
  const width = inkWidth + 2 * margin;
  const height = outHeight + 2 * margin;
  const alpha = new Float32Array(width * height);
  const at = (x: number, y: number): number => (x < 0 || y < 0 || x >= image.width || y >= image.height ? 0 : image.data[y * image.width + x]);
  for (let v = 0; v < height; v++) {
    const sy = box.y0 + (v - margin + 0.5) / scale - 0.5;
    const y = Math.floor(sy);
    const fy = sy - y;
    for (let u = 0; u < width; u++) {
      const sx = box.x0 + (u - margin + 0.5) / scale - 0.5;
      const x = Math.floor(sx);
      const fx = sx - x;
      const top = at(x, y) * (1 - fx) + at(x + 1, y) * fx;
      const bottom = at(x, y + 1) * (1 - fx) + at(x + 1, y + 1) * fx;
      alpha[v * width + u] = (top * (1 - fy) + bottom * fy) / 255;
    }
  }
  return { width, height, alpha };
}
