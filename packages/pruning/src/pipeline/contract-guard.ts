import { keptCount, Mask } from '../agent/masks';

/**
 * The masks a guarded layer falls back to when its decided mask leaves the network beyond b after fine-tuning:
 * each restores half (rounded up) of the filters the previous one still removes, the most preferred first, and
 * the last keeps every filter. Halving keeps the number of extra fine-tunings logarithmic in the filters removed.
 */
export function backoffMasks(decided: Mask, preference: ArrayLike<number>): Mask[] {
  if (preference.length !== decided.length) throw new RangeError(`preference has ${preference.length} values for a mask of ${decided.length}`);
  const removed = Array.from(decided.keys())
    .filter((i) => decided[i] === 0)
    .sort((a, b) => preference[b] - preference[a] || a - b);
  const out: Mask[] = [];
  let current = decided;
  let next = 0;
  while (next < removed.length) {
    const restore = Math.ceil((removed.length - next) / 2);
    current = Uint8Array.from(current);
    for (const i of removed.slice(next, next + restore)) current[i] = 1;
    next += restore;
    out.push(current);
  }
  return out;
}

/** Whether a mask keeps every filter (the fallback that needs no cut and no fine-tuning). */
export function keepsAll(mask: Mask): boolean {
  return keptCount(mask) === mask.length;
}
