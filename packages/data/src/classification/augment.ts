import type { Rng } from '@l2p/runtime';
import type { AugmentOptions } from './types';

/** One image's random augmentation: crop offset into the padded image, and whether to mirror. */
export interface AugmentDraw {
  readonly dy: number;
  readonly dx: number;
  readonly flip: boolean;
}

/** Draws in a fixed order (dy, dx, flip) so the same Rng state gives the same augmentation. */
export function drawAugment(rng: Rng, options: AugmentOptions): AugmentDraw {
  const span = 2 * options.padding + 1;
  const dy = options.padding > 0 ? rng.int(span) : 0;
  const dx = options.padding > 0 ? rng.int(span) : 0;
  const flip = options.flip ? rng.bernoulli(0.5) : false;
  return { dy, dx, flip };
}

/**
 * Writes one normalised image (HWC) into `out` at `outOffset`, through the lookup table `lut` (see
 * normalizationTable). With `draw`, the image is first padded with `padding` black pixels per side, cropped back
 * to h×w at (dy, dx) and then mirrored if `draw.flip`.
 * NOTE: padding is black in pixel space (torchvision's RandomCrop before Normalize), so it normalises to
 * −mean/std rather than 0; this is the pipeline behind the usual CIFAR-10 VGG/ResNet reference numbers.
 */
export function writeImage(
  out: Float32Array,
  outOffset: number,
  src: Uint8Array,
  srcOffset: number,
  shape: { height: number; width: number; channels: number },
  lut: Float32Array,
  padding = 0,
  draw?: AugmentDraw,
): void {
  const { height: h, width: w, channels: c } = shape;
  if (!draw) {
    const n = h * w * c;
    if (c === 1) {
      for (let i = 0; i < n; i++) out[outOffset + i] = lut[src[srcOffset + i]];
    } else if (c === 3) {
      for (let i = 0; i < n; i += 3) {
        out[outOffset + i] = lut[src[srcOffset + i]];
        out[outOffset + i + 1] = lut[256 + src[srcOffset + i + 1]];
        out[outOffset + i + 2] = lut[512 + src[srcOffset + i + 2]];
      }
    } else {
      for (let i = 0; i < n; i++) out[outOffset + i] = lut[(i % c) * 256 + src[srcOffset + i]];
    }
    return;
  }
  const rowLen = w * c;
  for (let y = 0; y < h; y++) {
    const sy = y + draw.dy - padding;
    const o = outOffset + y * rowLen;
    if (sy < 0 || sy >= h) {
      for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) out[o + x * c + k] = lut[k * 256];
      continue;
    }
    const rowStart = srcOffset + sy * rowLen;
    for (let x = 0; x < w; x++) {
      const sx = (draw.flip ? w - 1 - x : x) + draw.dx - padding;
      const oo = o + x * c;
      if (sx < 0 || sx >= w) {
        for (let k = 0; k < c; k++) out[oo + k] = lut[k * 256];
      } else {
        const s = rowStart + sx * c;
        for (let k = 0; k < c; k++) out[oo + k] = lut[k * 256 + src[s + k]];
      }
    }
  }
}
