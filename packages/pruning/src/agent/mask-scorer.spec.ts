import { Rng } from '@l2p/runtime';
import type { ImageWindow } from '../evaluate/evaluator-options';
import { MaskScorer } from './mask-scorer';
import { Mask } from './masks';

/**
 * A reward split of 100 images whose first half is easy (every mask right) and second half hard (only filter 0
 * matters): a window's accuracy swings with where it falls, which the paired shift must take out.
 */
function split(): { evaluate: (masks: Mask[], window?: ImageWindow) => Promise<number[]>; calls: (ImageWindow | undefined)[] } {
  const calls: (ImageWindow | undefined)[] = [];
  const correct = (mask: Mask, image: number): boolean => image < 50 || mask[0] === 1 || image % 2 === 0;
  return {
    calls,
    evaluate: async (masks, window) => {
      calls.push(window);
      const images = window ? Array.from({ length: window.count }, (_, i) => (window.start + i) % 100) : Array.from({ length: 100 }, (_, i) => i);
      return masks.map((m) => (100 * images.filter((i) => correct(m, i)).length) / images.length);
    },
  };
}

describe('MaskScorer', () => {
  const keep = Uint8Array.from([1, 1]);
  const drop0 = Uint8Array.from([0, 1]);

  it('without a window scores every mask once on the whole split', async () => {
    const s = split();
    const scorer = new MaskScorer(s.evaluate, 100, null, new Rng(1));
    expect((await scorer.update([keep, drop0, drop0])).pHats).toEqual([100, 75, 75]);
    expect((await scorer.update([drop0])).evaluated).toBe(0);
    expect(s.calls).toEqual([undefined]);
  });

  it('with a window scores all masks of an update on one shared window, shifted by the unmasked network', async () => {
    const s = split();
    const scorer = new MaskScorer(s.evaluate, 100, 20, new Rng(2));
    let sum = 0;
    const updates = 200;
    for (let u = 0; u < updates; u++) {
      const { pHats, evaluated } = await scorer.update([drop0, keep]);
      expect(evaluated).toBe(2); // keep-all is one of them: it doubles as the pairing reference
      // The unmasked network is always exactly its whole-split accuracy: the shift takes the window out.
      expect(pHats[1]).toBeCloseTo(100, 10);
      sum += pHats[0];
    }
    // Windows land on easy and hard images alike: the mean p̂ is the whole-split one.
    expect(Math.abs(sum / updates - 75)).toBeLessThan(3);
    // The first call is the whole split (for the shift), then one window per update, each of 20 images.
    expect(s.calls[0]).toBeUndefined();
    expect(s.calls.slice(1).every((w) => w?.count === 20)).toBe(true);
    expect(new Set(s.calls.slice(1).map((w) => w?.start)).size).toBeGreaterThan(10);
    // The decision is still scored on the whole split.
    expect((await scorer.full([drop0])).pHats).toEqual([75]);
  });

  it('a window as large as the split is no window', async () => {
    const s = split();
    expect(new MaskScorer(s.evaluate, 100, 100, new Rng(3)).windowed).toBe(false);
  });
});
