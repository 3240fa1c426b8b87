import type { Rng } from '@l2p/runtime';
import type { SegmentationSample } from './read';

/** Training augmentation for segmentation: random scale, then a random square crop, then a random mirror. */
export interface SegmentationAugmentOptions {
  /**
   * Side of the square crop fed to the model. Default 320 (paper scale); CPU configurations use less.
   * Paper note: FCN trains on whole images one at a time; fixed crops make batches of several images possible.
   */
  readonly size: number;
  /** Scale range, drawn uniformly. Default [0.5, 2.0], the usual range since DeepLab. */
  readonly minScale: number;
  readonly maxScale: number;
  /** Random horizontal flip. Default true. */
  readonly flip: boolean;
}

export const DEFAULT_SEGMENTATION_AUGMENT: SegmentationAugmentOptions = { size: 320, minScale: 0.5, maxScale: 2, flip: true };

export function roundUp(n: number, multiple: number): number {
  return Math.ceil(n / multiple) * multiple;
}

/** The random choices for one training crop, drawn in a fixed order (scale, y offset, x offset, flip). */
export interface CropDraw {
  readonly scaledHeight: number;
  readonly scaledWidth: number;
  /** Offset of the crop in the scaled image; negative when the scaled image is smaller than the crop. */
  readonly top: number;
  readonly left: number;
  readonly flip: boolean;
}

export function drawCrop(rng: Rng, height: number, width: number, options: SegmentationAugmentOptions): CropDraw {
  const scale = options.minScale + rng.next() * (options.maxScale - options.minScale);
  const scaledHeight = Math.max(1, Math.round(height * scale));
  const scaledWidth = Math.max(1, Math.round(width * scale));
  const offset = (scaled: number): number => (scaled >= options.size ? rng.int(scaled - options.size + 1) : -rng.int(options.size - scaled + 1));
  const top = offset(scaledHeight);
  const left = offset(scaledWidth);
  const flip = options.flip ? rng.bernoulli(0.5) : false;
  return { scaledHeight, scaledWidth, top, left, flip };
}

/** Source sampling positions along one axis: bilinear (half-pixel centres) for the image, nearest for labels. */
function axisMap(outLen: number, offset: number, scaled: number, srcLen: number, mirror: boolean) {
  const inside = new Uint8Array(outLen);
  const i0 = new Int32Array(outLen);
  const i1 = new Int32Array(outLen);
  const frac = new Float32Array(outLen);
  const nearest = new Int32Array(outLen);
  const ratio = scaled / srcLen;
  for (let o = 0; o < outLen; o++) {
    const p = (mirror ? outLen - 1 - o : o) + offset;
    if (p < 0 || p >= scaled) continue;
    inside[o] = 1;
    const s = Math.min(srcLen - 1, Math.max(0, (p + 0.5) / ratio - 0.5));
    i0[o] = Math.floor(s);
    i1[o] = Math.min(srcLen - 1, i0[o] + 1);
    frac[o] = s - i0[o];
    nearest[o] = Math.min(srcLen - 1, Math.floor((p + 0.5) / ratio));
  }
  return { inside, i0, i1, frac, nearest };
}

/**
 * Writes a `size`×`size` training crop of `sample` into `x` (HWC float, mean subtracted) at `xOffset` and
 * `labels` at `labelOffset`. Where the crop leaves the scaled image the input is the mean (0 after subtraction)
 * and the label is void.
 */
export function writeTrainCrop(
  sample: SegmentationSample,
  size: number,
  draw: CropDraw,
  mean: readonly number[],
  voidLabel: number,
  x: Float32Array,
  xOffset: number,
  labels: Int32Array,
  labelOffset: number,
): void {
  const { width: w, height: h, image, label } = sample;
  const rows = axisMap(size, draw.top, draw.scaledHeight, h, false);
  const cols = axisMap(size, draw.left, draw.scaledWidth, w, draw.flip);
  const [m0, m1, m2] = mean;
  for (let oy = 0; oy < size; oy++) {
    const lrow = labelOffset + oy * size;
    const xrow = xOffset + oy * size * 3;
    if (!rows.inside[oy]) {
      labels.fill(voidLabel, lrow, lrow + size);
      continue;
    }
    const fy = rows.frac[oy];
    const r0 = rows.i0[oy] * w;
    const r1 = rows.i1[oy] * w;
    const rn = rows.nearest[oy] * w;
    for (let ox = 0; ox < size; ox++) {
      if (!cols.inside[ox]) {
        labels[lrow + ox] = voidLabel;
        continue;
      }
      const fx = cols.frac[ox];
      const a = (r0 + cols.i0[ox]) * 3;
      const b = (r0 + cols.i1[ox]) * 3;
      const c = (r1 + cols.i0[ox]) * 3;
      const d = (r1 + cols.i1[ox]) * 3;
      const wa = (1 - fy) * (1 - fx);
      const wb = (1 - fy) * fx;
      const wc = fy * (1 - fx);
      const wd = fy * fx;
      const o = xrow + ox * 3;
      x[o] = wa * image[a] + wb * image[b] + wc * image[c] + wd * image[d] - m0;
      x[o + 1] = wa * image[a + 1] + wb * image[b + 1] + wc * image[c + 1] + wd * image[d + 1] - m1;
      x[o + 2] = wa * image[a + 2] + wb * image[b + 2] + wc * image[c + 2] + wd * image[d + 2] - m2;
      labels[lrow + ox] = label[rn + cols.nearest[ox]];
    }
  }
}

/**
 * Writes the whole image at the top left of an `outHeight`×`outWidth` canvas (for evaluation); the padding is the
 * mean (0 after subtraction) with void labels, so it counts in no metric.
 */
export function writePadded(
  sample: SegmentationSample,
  outHeight: number,
  outWidth: number,
  mean: readonly number[],
  voidLabel: number,
  x: Float32Array,
  xOffset: number,
  labels: Int32Array,
  labelOffset: number,
): void {
  const { width: w, height: h, image, label } = sample;
  if (h > outHeight || w > outWidth) throw new RangeError(`image ${sample.id} is ${w}×${h}, larger than the ${outWidth}×${outHeight} canvas`);
  labels.fill(voidLabel, labelOffset, labelOffset + outHeight * outWidth);
  const [m0, m1, m2] = mean;
  for (let y = 0; y < h; y++) {
    for (let xx = 0; xx < w; xx++) {
      const s = (y * w + xx) * 3;
      const o = xOffset + (y * outWidth + xx) * 3;
      x[o] = image[s] - m0;
      x[o + 1] = image[s + 1] - m1;
      x[o + 2] = image[s + 2] - m2;
      labels[labelOffset + y * outWidth + xx] = label[y * w + xx];
    }
  }
}
