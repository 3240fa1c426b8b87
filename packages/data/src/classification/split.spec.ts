import { ConfigError, Rng } from '@l2p/runtime';
import { classHistogram, classificationSplits, stratifiedHoldout, stratifiedQuotas } from './split';
import type { ClassificationDataset } from './types';

function labelsWith(counts: number[], rng: Rng): Uint8Array {
  const labels: number[] = [];
  counts.forEach((n, c) => {
    for (let i = 0; i < n; i++) labels.push(c);
  });
  return Uint8Array.from(rng.shuffle(labels));
}

describe('stratifiedQuotas', () => {
  it.each([
    [[10, 10, 10], 6, [2, 2, 2]],
    [[10, 10, 10], 7, [3, 2, 2]],
    [[30, 10], 8, [6, 2]],
    [[5, 0, 5], 5, [3, 0, 2]],
    [[1, 1, 1], 3, [1, 1, 1]],
    [[4, 4], 0, [0, 0]],
  ])('counts %j, total %i → %j', (counts, total, expected) => {
    expect(stratifiedQuotas(counts, total)).toEqual(expected);
  });

  it('always sums to the total and stays within ±1 of the exact share', () => {
    const rng = new Rng(3);
    for (let trial = 0; trial < 50; trial++) {
      const counts = Array.from({ length: 1 + rng.int(12) }, () => rng.int(40));
      const n = counts.reduce((a, b) => a + b, 0);
      const total = rng.int(n + 1);
      const q = stratifiedQuotas(counts, total);
      expect(q.reduce((a, b) => a + b, 0)).toBe(total);
      q.forEach((v, c) => {
        expect(v).toBeLessThanOrEqual(counts[c]);
        if (n > 0) expect(Math.abs(v - (counts[c] * total) / n)).toBeLessThan(1);
      });
    }
  });

  it('rejects a held-out size larger than the set', () => {
    expect(() => stratifiedQuotas([3, 3], 7)).toThrow(ConfigError);
    expect(() => stratifiedQuotas([3, 3], 7)).toThrow(/held-out size must be an integer in \[0, 6\].*got 7/);
  });
});

describe('stratifiedHoldout', () => {
  const counts = [500, 480, 520, 450, 550, 500, 505, 495, 510, 490];
  const labels = labelsWith(counts, new Rng(1));

  it('has the requested sizes, per-class balance, disjoint ascending indices covering every image once', () => {
    const { rest, holdout } = stratifiedHoldout(labels, 10, 500, new Rng(7));
    expect(holdout.length).toBe(500);
    expect(rest.length).toBe(labels.length - 500);
    const heldHist = classHistogram(labels, 10, holdout);
    heldHist.forEach((h, c) => expect(Math.abs(h - (counts[c] * 500) / labels.length)).toBeLessThan(1));
    const seen = new Uint8Array(labels.length);
    for (const i of [...rest, ...holdout]) seen[i] += 1;
    expect(seen.every((v) => v === 1)).toBe(true);
    for (const arr of [rest, holdout]) for (let k = 1; k < arr.length; k++) expect(arr[k]).toBeGreaterThan(arr[k - 1]);
  });

  it('is a function of the seed: same seed same split, other seed another split', () => {
    const a = stratifiedHoldout(labels, 10, 300, new Rng(11));
    const b = stratifiedHoldout(labels, 10, 300, new Rng(11));
    const c = stratifiedHoldout(labels, 10, 300, new Rng(12));
    expect(Array.from(a.holdout)).toEqual(Array.from(b.holdout));
    expect(Array.from(a.holdout)).not.toEqual(Array.from(c.holdout));
  });
});

describe('classificationSplits', () => {
  const n = 200;
  const labels = labelsWith(Array(10).fill(20), new Rng(2));
  const data = { images: new Uint8Array(n * 4), labels, count: n, height: 2, width: 2, channels: 1, classes: 10, classNames: [] };
  const dataset: ClassificationDataset = {
    name: 'toy',
    train: data,
    test: { ...data, count: 50, labels: labels.subarray(0, 50), images: new Uint8Array(50 * 4) },
    normalization: { mean: [0.5], std: [0.25] },
    augmentDefaults: { padding: 0, flip: false },
    files: [],
  };

  it('takes the reward split out of train and leaves test whole', () => {
    const s = classificationSplits(dataset, { seed: 5, rewardSize: 40 });
    expect(s.train.indices.length).toBe(160);
    expect(s.reward.indices.length).toBe(40);
    expect(classHistogram(labels, 10, s.reward.indices)).toEqual(Array(10).fill(4));
    expect(s.test.indices.length).toBe(50);
    expect(s.test.data).toBe(dataset.test);
    const train = new Set(s.train.indices);
    expect([...s.reward.indices].some((i) => train.has(i))).toBe(false);
  });

  it('takes a stratified guard split disjoint from train and reward, leaving the reward split as it was', () => {
    const without = classificationSplits(dataset, { seed: 5, rewardSize: 40 });
    const s = classificationSplits(dataset, { seed: 5, rewardSize: 40, guardSize: 60 });
    expect(without.guard).toBeNull();
    expect(Array.from(s.reward.indices)).toEqual(Array.from(without.reward.indices));
    const guard = s.guard?.indices ?? new Uint32Array();
    expect(guard.length).toBe(60);
    expect(classHistogram(labels, 10, guard)).toEqual(Array(10).fill(6));
    expect(s.train.indices.length).toBe(100);
    const all = [...s.train.indices, ...s.reward.indices, ...guard];
    expect(new Set(all).size).toBe(200);
  });

  it('rejects a reward split larger than the training set', () => {
    expect(() => classificationSplits(dataset, { seed: 1, rewardSize: 201 })).toThrow(ConfigError);
  });
});
