import { Rng } from '@l2p/runtime';
import { drawAugment, writeImage } from './augment';
import { normalizationTable } from './normalize';

/** Independent oracle: build the padded image explicitly, crop it, then mirror the crop. */
function oracle(src: Uint8Array, h: number, w: number, c: number, p: number, dy: number, dx: number, flip: boolean): number[] {
  const ph = h + 2 * p;
  const pw = w + 2 * p;
  const padded = new Array<number>(ph * pw * c).fill(0);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) padded[((y + p) * pw + x + p) * c + k] = src[(y * w + x) * c + k];
  const crop: number[][][] = [];
  for (let y = 0; y < h; y++) {
    const row: number[][] = [];
    for (let x = 0; x < w; x++) row.push(Array.from({ length: c }, (_, k) => padded[((y + dy) * pw + x + dx) * c + k]));
    crop.push(flip ? row.reverse() : row);
  }
  return crop.flat(2);
}

describe('writeImage', () => {
  const rng = new Rng(4);
  const shapes = [
    { height: 5, width: 7, channels: 3 },
    { height: 6, width: 4, channels: 1 },
    { height: 3, width: 3, channels: 2 },
  ];
  const stats = (c: number) => ({ mean: Array.from({ length: c }, (_, k) => 0.1 * (k + 1)), std: Array.from({ length: c }, (_, k) => 0.2 + 0.1 * k) });

  it.each(shapes)('matches the pad-crop-flip oracle for every offset and flip (%j)', (shape) => {
    const { height: h, width: w, channels: c } = shape;
    const src = Uint8Array.from({ length: h * w * c }, () => rng.int(256));
    const lut = normalizationTable(stats(c), c);
    const p = 2;
    for (let dy = 0; dy <= 2 * p; dy++) {
      for (let dx = 0; dx <= 2 * p; dx++) {
        for (const flip of [false, true]) {
          const out = new Float32Array(h * w * c + 3);
          writeImage(out, 3, src, 0, shape, lut, p, { dy, dx, flip });
          const expected = oracle(src, h, w, c, p, dy, dx, flip).map((v, i) => lut[(i % c) * 256 + v]);
          expect(Array.from(out.subarray(3))).toEqual(Array.from(Float32Array.from(expected)));
        }
      }
    }
  });

  it('without a draw, normalises every value as (v/255 − mean)/std', () => {
    const shape = { height: 2, width: 2, channels: 3 };
    const src = Uint8Array.from([0, 255, 128, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    const s = stats(3);
    const out = new Float32Array(12);
    writeImage(out, 0, src, 0, shape, normalizationTable(s, 3));
    src.forEach((v, i) => expect(out[i]).toBeCloseTo((v / 255 - s.mean[i % 3]) / s.std[i % 3], 5));
  });
});

describe('drawAugment', () => {
  it('is deterministic per seed, covers all offsets, and never flips when flip is off', () => {
    const draws = (seed: number, flip: boolean) => {
      const r = new Rng(seed);
      return Array.from({ length: 400 }, () => drawAugment(r, { padding: 4, flip }));
    };
    expect(draws(9, true)).toEqual(draws(9, true));
    expect(draws(9, true)).not.toEqual(draws(10, true));
    const d = draws(9, true);
    expect(new Set(d.map((x) => x.dy)).size).toBe(9);
    expect(new Set(d.map((x) => x.dx)).size).toBe(9);
    const flips = d.filter((x) => x.flip).length;
    expect(flips).toBeGreaterThan(150);
    expect(flips).toBeLessThan(250);
    expect(draws(9, false).some((x) => x.flip)).toBe(false);
  });
});
