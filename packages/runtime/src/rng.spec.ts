import { hashString32, Rng } from './rng';

describe('Rng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = Array.from({ length: 20 }, () => a.nextUint32());
    const seqB = Array.from({ length: 20 }, () => b.nextUint32());
    const seqC = Array.from({ length: 20 }, () => c.nextUint32());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
  });

  it('draws uniform numbers in [0, 1) with the right mean and spread', () => {
    const rng = new Rng(7);
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = rng.next();
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
      sumSq += x * x;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    const mean = sum / n;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(sumSq / n - mean * mean).toBeCloseTo(1 / 12, 2);
  });

  it('draws standard normals', () => {
    const rng = new Rng(1);
    const xs = Array.from({ length: 50_000 }, () => rng.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(variance).toBeCloseTo(1, 1);
  });

  it('shuffles into a permutation, reproducibly', () => {
    const p1 = new Rng(5).permutation(100);
    const p2 = new Rng(5).permutation(100);
    expect(p1).toEqual(p2);
    expect([...p1].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(p1).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('forks independent, stable streams by label', () => {
    const root = new Rng(9);
    const before = root.fork('agent').next();
    root.next(); // drawing from the parent does not move its children
    expect(root.fork('agent').next()).toBe(before);
    expect(root.fork('data').next()).not.toBe(before);
    expect(new Rng(10).fork('agent').next()).not.toBe(before);
  });

  it('rejects bad seeds and bounds', () => {
    expect(() => new Rng(-1)).toThrow(/seed must be an integer/);
    expect(() => new Rng(1.5)).toThrow(/seed must be an integer/);
    expect(() => new Rng(1).int(0)).toThrow(/positive integer bound/);
  });

  it('hashes strings stably', () => {
    expect(hashString32('abc')).toBe(hashString32('abc'));
    expect(hashString32('abc')).not.toBe(hashString32('abd'));
  });
});
