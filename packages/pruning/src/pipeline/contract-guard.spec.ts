import { keptCount } from '../agent/masks';
import { backoffMasks, keepsAll } from './contract-guard';

describe('backoffMasks', () => {
  it('gives back half of the removed filters at a time, most preferred first, ending with all kept', () => {
    const decided = Uint8Array.from([1, 0, 0, 1, 0, 0, 0, 0]); // 6 removed
    const preference = [0.9, 0.1, 0.45, 0.8, 0.3, 0.05, 0.4, 0.2];
    const ladder = backoffMasks(decided, preference);
    expect(ladder.map((m) => Array.from(m))).toEqual([
      [1, 0, 1, 1, 1, 0, 1, 0], // + 2, 6, 4: the three most preferred of the six removed
      [1, 1, 1, 1, 1, 0, 1, 1], // + 7, 1: half of the three left, rounded up
      [1, 1, 1, 1, 1, 1, 1, 1], // + 5
    ]);
    expect(keepsAll(ladder[ladder.length - 1])).toBe(true);
    // Every step keeps a superset of the one before.
    [decided, ...ladder].forEach((m, i, all) => {
      if (i > 0) expect(Array.from(all[i - 1]).every((v, j) => v <= m[j])).toBe(true);
    });
    // Logarithmic in the number removed.
    expect(ladder.length).toBeLessThanOrEqual(Math.ceil(Math.log2(6)) + 1);
    expect(keptCount(decided)).toBe(2);
  });

  it('is empty for a mask that already keeps everything, and checks its inputs', () => {
    expect(backoffMasks(Uint8Array.from([1, 1]), [0, 0])).toEqual([]);
    expect(() => backoffMasks(Uint8Array.from([1, 0]), [0.5])).toThrow(/preference has 1 values for a mask of 2/);
  });
});
