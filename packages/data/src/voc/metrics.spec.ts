import { Rng } from '@l2p/runtime';
import { accumulateConfusion, confusionMatrix, createConfusionMatrix, segmentationScores } from './metrics';

describe('segmentation metrics', () => {
  it('match a hand-computed example, with void pixels ignored', () => {
    // classes 0..2; true/pred pairs: (0,0)×3, (0,1)×1, (1,1)×2, (2,1)×1, (1,2)×1, void×2
    const labels = [0, 0, 0, 0, 1, 1, 2, 1, 255, 255];
    const preds = [0, 0, 0, 1, 1, 1, 1, 2, 0, 2];
    const m = confusionMatrix(preds, labels, 3);
    expect(Array.from(m)).toEqual([3, 1, 0, 0, 2, 1, 0, 1, 0]);
    const s = segmentationScores(m, 3);
    expect(s.pixels).toBe(8);
    expect(s.pixelAccuracy).toBeCloseTo(5 / 8, 12);
    // IU: class0 3/(4+3-3)=3/4, class1 2/(3+4-2)=2/5, class2 0/(1+1-0)=0
    expect(s.classIU[0]).toBeCloseTo(0.75, 12);
    expect(s.classIU[1]).toBeCloseTo(0.4, 12);
    expect(s.classIU[2]).toBe(0);
    expect(s.meanIU).toBeCloseTo((0.75 + 0.4 + 0) / 3, 12);
    expect(s.meanAccuracy).toBeCloseTo((3 / 4 + 2 / 3 + 0) / 3, 12);
    expect(s.frequencyWeightedIU).toBeCloseTo((4 / 8) * 0.75 + (3 / 8) * 0.4, 12);
  });

  it('leave a class absent from labels and predictions out of the mean (NaN IU), as FCN does', () => {
    const s = segmentationScores(confusionMatrix([0, 1, 1], [0, 1, 1], 21), 21);
    expect(s.meanIU).toBe(1);
    expect(Number.isNaN(s.classIU[5])).toBe(true);
    expect(s.classIU.filter((v) => !Number.isNaN(v))).toEqual([1, 1]);
  });

  it('agree with a direct per-class count on random data, and accumulate across batches', () => {
    const rng = new Rng(8);
    const classes = 21;
    const matrix = createConfusionMatrix(classes);
    const all: { l: number; p: number }[] = [];
    for (let batch = 0; batch < 3; batch++) {
      const labels = Int32Array.from({ length: 500 }, () => (rng.bernoulli(0.1) ? 255 : rng.int(classes)));
      const preds = Int32Array.from(labels, (l) => (rng.bernoulli(0.6) && l !== 255 ? l : rng.int(classes)));
      accumulateConfusion(matrix, preds, labels, classes);
      labels.forEach((l, i) => all.push({ l, p: preds[i] }));
    }
    const counted = all.filter((e) => e.l !== 255);
    const s = segmentationScores(matrix, classes);
    expect(s.pixels).toBe(counted.length);
    expect(s.pixelAccuracy).toBeCloseTo(counted.filter((e) => e.l === e.p).length / counted.length, 12);
    for (let c = 0; c < classes; c++) {
      const tp = counted.filter((e) => e.l === c && e.p === c).length;
      const union = counted.filter((e) => e.l === c || e.p === c).length;
      expect(s.classIU[c]).toBeCloseTo(tp / union, 12);
    }
  });

  it('reject labels and predictions outside the classes', () => {
    expect(() => confusionMatrix([0], [21], 21)).toThrow(/label 21 at index 0 is not a class 0–20 or void 255/);
    expect(() => confusionMatrix([30], [1], 21)).toThrow(/prediction 30 at index 0/);
    expect(() => confusionMatrix([0, 1], [0], 21)).toThrow(/differ in length/);
  });
});
