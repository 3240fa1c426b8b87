import { Rng } from '@l2p/runtime';

/** A keep/remove mask over a layer's filters: 1 = keep. */
export type Mask = Uint8Array;

export function keptCount(mask: Mask): number {
  let k = 0;
  for (const v of mask) k += v;
  return k;
}

export function maskKey(mask: Mask): string {
  return Buffer.from(mask).toString('base64');
}

/**
 * Samples independent Bernoulli(p_i) keep decisions. A mask that removes every filter is not a network, so in
 * that case the filter with the highest keep-probability is kept (the reward clamps kept ≥ 1 the same way).
 */
export function sampleMask(probs: ArrayLike<number>, rng: Rng): Mask {
  const mask = new Uint8Array(probs.length);
  let best = 0;
  for (let i = 0; i < probs.length; i++) {
    mask[i] = rng.next() < probs[i] ? 1 : 0;
    if (probs[i] > probs[best]) best = i;
  }
  if (keptCount(mask) === 0) mask[best] = 1;
  return mask;
}

/** The decision rule: keep where p > 0.5 (at least the most probable filter). */
export function thresholdMask(probs: ArrayLike<number>): Mask {
  const mask = new Uint8Array(probs.length);
  let best = 0;
  for (let i = 0; i < probs.length; i++) {
    mask[i] = probs[i] > 0.5 ? 1 : 0;
    if (probs[i] > probs[best]) best = i;
  }
  if (keptCount(mask) === 0) mask[best] = 1;
  return mask;
}

/** Filters on which two masks of one layer disagree. */
export function hammingDistance(a: Mask, b: Mask): number {
  if (a.length !== b.length) throw new RangeError(`masks of ${a.length} and ${b.length} filters`);
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d++;
  return d;
}

export function masksEqual(a: Mask, b: Mask): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Indices of kept filters, ascending. */
export function keptIndices(mask: Mask): number[] {
  const out: number[] = [];
  mask.forEach((v, i) => {
    if (v) out.push(i);
  });
  return out;
}
