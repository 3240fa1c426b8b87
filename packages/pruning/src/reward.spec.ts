import { accuracyTerm, computeReward, efficiencyTerm } from './reward';

describe('reward R = ψ·φ', () => {
  const n = 64;

  it('is zero when every filter is kept, whatever the accuracy', () => {
    expect(computeReward({ p: 93, pHat: 93, b: 1, n, kept: n }).reward).toBe(0);
    expect(computeReward({ p: 93, pHat: 80, b: 1, n, kept: n }).reward).toBeCloseTo(0, 12);
  });

  it('has ψ = 1 with no drop and ψ = 0 at a drop of exactly b', () => {
    expect(accuracyTerm(93, 93, 2)).toBe(1);
    expect(accuracyTerm(93, 91, 2)).toBe(0);
    expect(computeReward({ p: 93, pHat: 91, b: 2, n, kept: 16 }).reward).toBe(0);
    expect(accuracyTerm(93, 93.5, 1)).toBe(1.5); // a better pruned network earns more
  });

  it('rewards pruning more at equal accuracy: φ = log(N / kept)', () => {
    expect(efficiencyTerm(64, 16)).toBeCloseTo(Math.log(4), 12);
    const fewer = computeReward({ p: 90, pHat: 89.5, b: 1, n, kept: 48 }).reward;
    const more = computeReward({ p: 90, pHat: 89.5, b: 1, n, kept: 8 }).reward;
    expect(more).toBeGreaterThan(fewer);
    expect(more).toBeCloseTo(0.5 * Math.log(8), 12);
  });

  it('is negative beyond the bound, and more negative the more is removed', () => {
    const few = computeReward({ p: 90, pHat: 85, b: 1, n, kept: 48 });
    const many = computeReward({ p: 90, pHat: 85, b: 1, n, kept: 8 });
    expect(few.psi).toBe(-4);
    expect(few.reward).toBeLessThan(0);
    expect(many.reward).toBeLessThan(few.reward);
  });

  it('clamps kept to at least one filter, and clips ψ only when asked', () => {
    expect(efficiencyTerm(64, 0)).toBeCloseTo(Math.log(64), 12);
    expect(computeReward({ p: 90, pHat: 50, b: 1, n, kept: 8 }, { clipPsi: { lower: -1 } }).psi).toBe(-1);
    expect(computeReward({ p: 90, pHat: 50, b: 1, n, kept: 8 }).psi).toBe(-39);
  });

  it('rejects nonsense', () => {
    expect(() => accuracyTerm(90, 89, 0)).toThrow(/b must be greater than 0 \(the largest acceptable drop, in points\), got 0$/);
    expect(() => efficiencyTerm(8, 9)).toThrow(/kept must be an integer in \[0, 8\]/);
  });
});
