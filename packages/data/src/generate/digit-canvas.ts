import type { Rng } from '@l2p/runtime';
import { VOC_VOID } from '../voc/layout';
import { hsv } from './draw';
import { digitImage, scaleDigit } from './digit-image';

/**
 * One canvas of the MNIST segmentation set: a few MNIST digits, scaled and placed at random without overlapping,
 * blended in a colour that contrasts with a textured background. The label of a pixel is its digit's class
 * (digit + 1; 0 is background) where the digit's scaled intensity reaches `strokeThreshold` of its own maximum,
 * void in a band of `voidBand` pixels around each stroke (where the anti-aliased edge makes the class ambiguous, as
 * VOC marks object borders void), background elsewhere.
 */
export interface DigitCanvasOptions {
  /** Canvas side in pixels (square canvases). */
  readonly size: number;
  /**
   * Digits per canvas are drawn uniformly from [minDigits, maxDigits]; one that finds no free place is dropped (one
   * too large for the canvas is drawn smaller).
   */
  readonly minDigits: number;
  readonly maxDigits: number;
  /** A digit's ink height, as a fraction of the canvas side, is drawn uniformly from [minDigitSize, maxDigitSize]. */
  readonly minDigitSize: number;
  readonly maxDigitSize: number;
  /**
   * Radius in MNIST pixels of a grey dilation applied to each digit before scaling: 0 keeps MNIST's pen, 1–2 make
   * bold digits whose strokes are wide enough for coarse (stride-32) masks to follow.
   */
  readonly bold: number;
  /** Stroke pixels: scaled intensity ≥ this fraction of the digit's maximum. */
  readonly strokeThreshold: number;
  /** Width in pixels of the void band outside each stroke; 0 for none. */
  readonly voidBand: number;
  /** Amplitude (0–255 units) of the per-pixel uniform noise added last. */
  readonly noise: number;
}

/** Grey digits in MNIST's layout: `count` images of height×width bytes and one label 0–9 each. */
export interface DigitSource {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly height: number;
  readonly width: number;
}

/** Where one digit went: its source record, class and the box holding its scaled ink and void band. */
export interface DigitPlacement {
  /** Record index in the source split. */
  readonly index: number;
  /** The MNIST label 0–9 (the mask holds digit + 1). */
  readonly digit: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface DigitCanvas {
  readonly size: number;
  /** RGB, HWC, 0–255. */
  readonly image: Uint8Array;
  /** Class per pixel: 0 background, digit + 1, or 255 void. */
  readonly label: Uint8Array;
  readonly digits: readonly DigitPlacement[];
}

/** Placement attempts per digit before it is dropped. */
const PLACEMENT_TRIES = 30;
/** Least luminance difference (0–1) between a digit's colour and the background under it. */
const MIN_CONTRAST = 0.35;

const luminance = (r: number, g: number, b: number): number => (0.299 * r + 0.587 * g + 0.114 * b) / 255;

export { digitImage, type GreyImage, inkBox, scaleDigit } from './digit-image';

/** Smooth value noise in [0, 1]: random values on a lattice of `cell` pixels, smoothstep-interpolated. */
function valueNoise(rng: Rng, size: number, cell: number): Float32Array {
  const n = Math.ceil(size / cell) + 2;
  const lattice = Float32Array.from({ length: n * n }, () => rng.next());
  const out = new Float32Array(size * size);
  const smooth = (t: number): number => t * t * (3 - 2 * t);
  for (let y = 0; y < size; y++) {
    const gy = y / cell;
    const iy = Math.floor(gy);
    const ty = smooth(gy - iy);
    for (let x = 0; x < size; x++) {
      const gx = x / cell;
      const ix = Math.floor(gx);
      const tx = smooth(gx - ix);
      const a = lattice[iy * n + ix] * (1 - tx) + lattice[iy * n + ix + 1] * tx;
      const b = lattice[(iy + 1) * n + ix] * (1 - tx) + lattice[(iy + 1) * n + ix + 1] * tx;
      out[y * size + x] = a * (1 - ty) + b * ty;
    }
  }
  return out;
}

/**
 * A textured background: two low-saturation colours mixed by two octaves of value noise (blobs of about a sixth
 * and a fifteenth of the side), around a random overall brightness.
 */
function drawTexture(rng: Rng, size: number): Uint8Array {
  const level = 0.15 + rng.next() * 0.7;
  const spread = 0.1 + rng.next() * 0.25;
  const a = hsv(rng.next() * 360, rng.next() * 0.4, Math.min(1, level + spread));
  const b = hsv(rng.next() * 360, rng.next() * 0.4, Math.max(0, level - spread));
  const coarse = valueNoise(rng, size, Math.max(4, size / 6));
  const fine = valueNoise(rng, size, Math.max(2, size / 15));
  const image = new Uint8Array(size * size * 3);
  for (let i = 0; i < size * size; i++) {
    const t = Math.min(1, Math.max(0, 0.7 * coarse[i] + 0.3 * fine[i]));
    for (let c = 0; c < 3; c++) image[i * 3 + c] = Math.round(a[c] * t + b[c] * (1 - t));
  }
  return image;
}

/** A colour whose luminance differs from `background` (0–1) by at least MIN_CONTRAST, of random hue. */
function contrastingColour(rng: Rng, background: number): [number, number, number] {
  const brighter = background + MIN_CONTRAST <= 1 && (background - MIN_CONTRAST < 0 || rng.bernoulli(0.5));
  const target = brighter
    ? background + MIN_CONTRAST + rng.next() * (1 - background - MIN_CONTRAST)
    : rng.next() * (background - MIN_CONTRAST);
  // A grey of the target luminance plus a zero-luminance chroma offset towards a random hue, scaled down so that
  // no channel clips: the colour's luminance is exactly the target.
  const hue = hsv(rng.next() * 360, 1, 1);
  const hueLuminance = luminance(hue[0], hue[1], hue[2]);
  const grey = 255 * target;
  let chroma = rng.next() * 0.7;
  for (const h of hue) {
    const d = h - 255 * hueLuminance;
    if (d > 0) chroma = Math.min(chroma, (255 - grey) / d);
    if (d < 0) chroma = Math.min(chroma, grey / -d);
  }
  return hue.map((h) => Math.round(Math.min(255, Math.max(0, grey + chroma * (h - 255 * hueLuminance))))) as [number, number, number];
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: DigitPlacement, margin: number): boolean {
  return a.x < b.x + b.width + margin && b.x < a.x + a.width + margin && a.y < b.y + b.height + margin && b.y < a.y + a.height + margin;
}

/**
 * Draws one canvas. `nextDigit()` returns the next source record to use (the caller decides the order, e.g. a
 * seeded permutation of one MNIST split); it is called once per digit attempted.
 */
export function renderDigitCanvas(rng: Rng, source: DigitSource, nextDigit: () => number, options: DigitCanvasOptions): DigitCanvas {
  const { size } = options;
  const image = drawTexture(rng, size);
  const label = new Uint8Array(size * size);
  const stroke = new Uint8Array(size * size);
  const digits: DigitPlacement[] = [];
  const wanted = options.minDigits + rng.int(options.maxDigits - options.minDigits + 1);
  // Boxes (which include each digit's void band) stay a pixel apart, so no pixel is near two digits.
  const margin = 1;
  for (let k = 0; k < wanted; k++) {
    const index = nextDigit();
    const fraction = options.minDigitSize + rng.next() * (options.maxDigitSize - options.minDigitSize);
    // The box holds the digit's void band too, so nothing labelled lies outside it.
    const grey = digitImage(source, index, options.bold);
    const band = options.voidBand + 1;
    let scaled = scaleDigit(grey, Math.max(4, Math.round(fraction * size)), band);
    // A digit whose box (ink and void band) would not fit on the canvas is drawn smaller, not dropped: a canvas
    // always gets its first digit.
    const over = Math.max(scaled.width, scaled.height) - 2 * band;
    if (over > size - 2 * band) scaled = scaleDigit(grey, Math.max(4, Math.floor(((scaled.height - 2 * band) * (size - 2 * band)) / over)), band);
    if (scaled.width > size || scaled.height > size) continue;
    let spot: { x: number; y: number } | undefined;
    for (let t = 0; t < PLACEMENT_TRIES && !spot; t++) {
      const candidate = { x: rng.int(size - scaled.width + 1), y: rng.int(size - scaled.height + 1), width: scaled.width, height: scaled.height };
      if (!digits.some((d) => overlaps(candidate, d, margin))) spot = candidate;
    }
    if (!spot) continue;
    const digit = source.labels[index];
    const placement: DigitPlacement = { index, digit, x: spot.x, y: spot.y, width: scaled.width, height: scaled.height };
    let under = 0;
    for (let v = 0; v < scaled.height; v++) {
      for (let u = 0; u < scaled.width; u++) {
        const o = ((spot.y + v) * size + spot.x + u) * 3;
        under += luminance(image[o], image[o + 1], image[o + 2]);
      }
    }
    const colour = contrastingColour(rng, under / (scaled.width * scaled.height));
    let peak = 0;
    for (const a of scaled.alpha) peak = Math.max(peak, a);
    const threshold = options.strokeThreshold * peak;
    for (let v = 0; v < scaled.height; v++) {
      for (let u = 0; u < scaled.width; u++) {
        const a = scaled.alpha[v * scaled.width + u];
        const p = (spot.y + v) * size + spot.x + u;
        for (let c = 0; c < 3; c++) image[p * 3 + c] = Math.round(image[p * 3 + c] * (1 - a) + colour[c] * a);
        if (a >= threshold && a > 0) {
          label[p] = digit + 1;
          stroke[p] = 1;
        }
      }
    }
    digits.push(placement);
  }
  markVoidBand(label, stroke, size, options.voidBand);
  if (options.noise > 0) {
    const span = 2 * options.noise + 1;
    for (let i = 0; i < image.length; i++) {
      const v = image[i] + (rng.nextUint32() % span) - options.noise;
      image[i] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return { size, image, label, digits };
}

/** Sets to void every non-stroke pixel within `band` pixels (Chebyshev distance) of a stroke pixel. */
export function markVoidBand(label: Uint8Array, stroke: Uint8Array, size: number, band: number): void {
  if (band <= 0) return;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (stroke[y * size + x]) continue;
      let near = false;
      for (let dy = -band; dy <= band && !near; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= size) continue;
        for (let dx = -band; dx <= band; dx++) {
          const xx = x + dx;
          if (xx >= 0 && xx < size && stroke[yy * size + xx]) {
            near = true;
            break;
          }
        }
      }
      if (near) label[y * size + x] = VOC_VOID;
    }
  }
}
