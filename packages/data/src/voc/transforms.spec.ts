import { Rng } from '@l2p/runtime';
import type { SegmentationSample } from './read';
import { drawCrop, roundUp, writePadded, writeTrainCrop, type CropDraw } from './transforms';

const MEAN = [100, 110, 120];

function sample(width: number, height: number, seed: number): SegmentationSample {
  const rng = new Rng(seed);
  return {
    id: 's',
    width,
    height,
    image: Uint8Array.from({ length: width * height * 3 }, () => rng.int(256)),
    label: Uint8Array.from({ length: width * height }, () => rng.int(21)),
  };
}

/** Oracle: resample the whole image to the scaled size (bilinear, half-pixel centres; nearest for labels), then crop and mirror. */
function oracle(s: SegmentationSample, size: number, d: CropDraw) {
  const { width: w, height: h } = s;
  const ry = d.scaledHeight / h;
  const rx = d.scaledWidth / w;
  const clamp = (v: number, hi: number) => Math.min(hi, Math.max(0, v));
  const x: number[] = [];
  const labels: number[] = [];
  for (let oy = 0; oy < size; oy++) {
    for (let ox = 0; ox < size; ox++) {
      const Y = oy + d.top;
      const X = (d.flip ? size - 1 - ox : ox) + d.left;
      if (Y < 0 || Y >= d.scaledHeight || X < 0 || X >= d.scaledWidth) {
        x.push(0, 0, 0);
        labels.push(255);
        continue;
      }
      const sy = clamp((Y + 0.5) / ry - 0.5, h - 1);
      const sx = clamp((X + 0.5) / rx - 0.5, w - 1);
      const y0 = Math.floor(sy);
      const x0 = Math.floor(sx);
      const y1 = Math.min(h - 1, y0 + 1);
      const x1 = Math.min(w - 1, x0 + 1);
      for (let c = 0; c < 3; c++) {
        const at = (yy: number, xx: number) => s.image[(yy * w + xx) * 3 + c];
        const top = at(y0, x0) * (1 - (sx - x0)) + at(y0, x1) * (sx - x0);
        const bottom = at(y1, x0) * (1 - (sx - x0)) + at(y1, x1) * (sx - x0);
        x.push(top * (1 - (sy - y0)) + bottom * (sy - y0) - MEAN[c]);
      }
      labels.push(s.label[Math.min(h - 1, Math.floor((Y + 0.5) / ry)) * w + Math.min(w - 1, Math.floor((X + 0.5) / rx))]);
    }
  }
  return { x, labels };
}

describe('writeTrainCrop', () => {
  const s = sample(13, 9, 1);
  const draws: CropDraw[] = [
    { scaledHeight: 9, scaledWidth: 13, top: 1, left: 4, flip: false },
    { scaledHeight: 9, scaledWidth: 13, top: 0, left: 0, flip: true },
    { scaledHeight: 18, scaledWidth: 26, top: 5, left: 11, flip: false },
    { scaledHeight: 5, scaledWidth: 7, top: -2, left: -1, flip: true },
    { scaledHeight: 14, scaledWidth: 19, top: 3, left: 10, flip: true },
  ];

  it.each(draws)('matches the resample-crop-mirror oracle (%j)', (d) => {
    const size = 8;
    const x = new Float32Array(size * size * 3);
    const labels = new Int32Array(size * size);
    writeTrainCrop(s, size, d, MEAN, 255, x, 0, labels, 0);
    const o = oracle(s, size, d);
    expect(Array.from(labels)).toEqual(o.labels);
    x.forEach((v, i) => expect(v).toBeCloseTo(o.x[i], 3));
  });

  it('at scale 1 without flip copies the image window exactly', () => {
    const size = 6;
    const x = new Float32Array(size * size * 3);
    const labels = new Int32Array(size * size);
    writeTrainCrop(s, size, { scaledHeight: 9, scaledWidth: 13, top: 2, left: 3, flip: false }, MEAN, 255, x, 0, labels, 0);
    expect(labels[0]).toBe(s.label[2 * 13 + 3]);
    expect(x[(1 * size + 4) * 3 + 2]).toBe(s.image[((2 + 1) * 13 + 3 + 4) * 3 + 2] - MEAN[2]);
  });
});

describe('drawCrop', () => {
  it('keeps the crop inside a larger scaled image and the image inside a larger crop', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 200; i++) {
      const d = drawCrop(rng, 50, 80, { size: 64, minScale: 0.5, maxScale: 2, flip: true });
      for (const [scaled, off] of [
        [d.scaledHeight, d.top],
        [d.scaledWidth, d.left],
      ]) {
        if (scaled >= 64) expect(off >= 0 && off + 64 <= scaled).toBe(true);
        else expect(off <= 0 && off > -(64 - scaled) - 1).toBe(true);
      }
      expect(d.scaledHeight).toBeGreaterThanOrEqual(25);
      expect(d.scaledHeight).toBeLessThanOrEqual(100);
    }
  });
});

describe('writePadded', () => {
  it('puts the image top-left, pads with the mean (0 after subtraction) and void labels', () => {
    const s = sample(5, 3, 2);
    const [h, w] = [roundUp(3, 4), roundUp(5, 4)];
    expect([h, w]).toEqual([4, 8]);
    const x = new Float32Array(h * w * 3).fill(99);
    const labels = new Int32Array(h * w);
    writePadded(s, h, w, MEAN, 255, x, 0, labels, 0);
    for (let y = 0; y < h; y++) {
      for (let xx = 0; xx < w; xx++) {
        const inside = y < 3 && xx < 5;
        expect(labels[y * w + xx]).toBe(inside ? s.label[y * 5 + xx] : 255);
        expect(x[(y * w + xx) * 3 + 1]).toBe(inside ? s.image[(y * 5 + xx) * 3 + 1] - MEAN[1] : 99);
      }
    }
  });
});
