import { Rng } from '@l2p/runtime';
import { VOC_VOID } from '../voc/layout';
import { digitImage, type DigitCanvasOptions, type DigitSource, inkBox, markVoidBand, renderDigitCanvas, scaleDigit } from './digit-canvas';

/** Two 6×6 "digits": a vertical bar (label 1) and a 2×2 block (label 7). */
function source(): DigitSource {
  const images = new Uint8Array(2 * 36);
  for (let y = 1; y < 5; y++) images[y * 6 + 2] = 200;
  images[36 + 2 * 6 + 3] = 255;
  images[36 + 2 * 6 + 4] = 100;
  images[36 + 3 * 6 + 3] = 50;
  images[36 + 3 * 6 + 4] = 255;
  return { images, labels: Uint8Array.from([1, 7]), height: 6, width: 6 };
}

const OPTIONS: DigitCanvasOptions = { size: 40, minDigits: 1, maxDigits: 1, minDigitSize: 0.5, maxDigitSize: 0.5, bold: 0, strokeThreshold: 0.5, voidBand: 1, noise: 0 };

describe('digit drawing helpers', () => {
  it('digitImage dilates by the maximum over a disc of radius bold, padded so nothing is cut off', () => {
    const s = source();
    const plain = digitImage(s, 1, 0);
    expect([plain.width, plain.height]).toEqual([6, 6]);
    const bold = digitImage(s, 1, 1);
    expect([bold.width, bold.height]).toEqual([8, 8]);
    // Oracle: brute-force maximum over the 3×3 neighbourhood (radius 1 covers the whole square).
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        let m = 0;
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
          const sx = x - 1 + dx;
          const sy = y - 1 + dy;
          if (sx >= 0 && sy >= 0 && sx < 6 && sy < 6) m = Math.max(m, s.images[36 + sy * 6 + sx]);
        }
        expect(bold.data[y * 8 + x]).toBe(m);
      }
    }
    expect(inkBox(bold)).toEqual({ x0: 3, y0: 2, x1: 6, y1: 5 });
  });

  it('scaleDigit makes the ink box the requested height plus a one-pixel margin, keeping the aspect ratio', () => {
    const scaled = scaleDigit(digitImage(source(), 0, 0), 12);
    expect([scaled.width, scaled.height]).toEqual([3 + 2, 14]);
    expect(Math.max(...scaled.alpha)).toBeCloseTo(200 / 255, 5);
    // The margin rows stay below half the peak.
    for (let u = 0; u < scaled.width; u++) expect(scaled.alpha[u]).toBeLessThan(0.5 * (200 / 255));
  });

  it('markVoidBand voids exactly the non-stroke pixels within the band (Chebyshev distance)', () => {
    const size = 7;
    const stroke = new Uint8Array(size * size);
    const label = new Uint8Array(size * size);
    stroke[3 * size + 3] = 1;
    label[3 * size + 3] = 4;
    markVoidBand(label, stroke, size, 2);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const d = Math.max(Math.abs(x - 3), Math.abs(y - 3));
        expect(label[y * size + x]).toBe(d === 0 ? 4 : d <= 2 ? VOC_VOID : 0);
      }
    }
  });

  it('bold digits have more stroke pixels than plain ones on the same canvas draw', () => {
    const strokes = (bold: number): number => {
      const canvas = renderDigitCanvas(new Rng(3), source(), () => 0, { ...OPTIONS, bold });
      expect(canvas.digits).toHaveLength(1);
      return canvas.label.filter((v) => v === 2).length;
    };
    expect(strokes(1)).toBeGreaterThan(1.5 * strokes(0));
  });

  it('draws a digit whose box with its void band would not fit smaller instead of dropping it', () => {
    // Ink 0.95 of the side plus a 6-px band on each side cannot fit a 40-px canvas as asked.
    const options = { ...OPTIONS, minDigitSize: 0.95, maxDigitSize: 0.95, voidBand: 6 };
    for (let seed = 0; seed < 5; seed++) {
      const canvas = renderDigitCanvas(new Rng(seed), source(), () => 0, options);
      expect(canvas.digits).toHaveLength(1);
      const d = canvas.digits[0];
      expect(d.height).toBeLessThanOrEqual(40);
      expect(d.height).toBeGreaterThanOrEqual(38);
      expect(canvas.label.some((v) => v === 2)).toBe(true);
    }
  });
});
