import * as tf from '@tensorflow/tfjs';
import { crossEntropy } from './loss';
import { learningRateAt } from './schedule';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Oracle: −log softmax(logits)[label] averaged over positions whose label is in range, in plain JS. */
function oracle(logits: number[][], labels: number[]): number {
  let sum = 0;
  let n = 0;
  logits.forEach((row, i) => {
    if (labels[i] < 0 || labels[i] >= row.length) return;
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((a, v) => a + Math.exp(v - max), 0));
    sum += lse - row[labels[i]];
    n += 1;
  });
  return sum / n;
}

describe('crossEntropy', () => {
  it('matches the plain formula for classification', () => {
    const logits = [
      [2, -1, 0.5],
      [0.1, 0.2, 0.3],
      [-3, 4, 1],
    ];
    const loss = crossEntropy(tf.tensor2d(logits), tf.tensor1d([0, 2, 1], 'int32'));
    expect(loss.dataSync()[0]).toBeCloseTo(oracle(logits, [0, 2, 1]), 5);
  });

  it('is pixel-wise for segmentation and ignores void (255) in the sum and the count', () => {
    const values = Array.from({ length: 2 * 2 * 2 * 3 }, (_, i) => Math.sin(i));
    const labels = [0, 255, 2, 1, 255, 255, 1, 0];
    const rows = Array.from({ length: 8 }, (_, i) => values.slice(i * 3, i * 3 + 3));
    const loss = crossEntropy(tf.tensor4d(values, [2, 2, 2, 3]), tf.tensor3d(labels, [2, 2, 2], 'int32'));
    expect(loss.dataSync()[0]).toBeCloseTo(oracle(rows, labels), 5);
    // A void pixel's logits get no gradient.
    const g = tf.grad((l: tf.Tensor) => crossEntropy(l, tf.tensor3d(labels, [2, 2, 2], 'int32')))(tf.tensor4d(values, [2, 2, 2, 3]));
    const grad = g.arraySync() as number[][][][];
    expect(grad[0][0][1].every((v) => v === 0)).toBe(true);
    expect(grad[0][0][0].some((v) => v !== 0)).toBe(true);
  });
});

describe('learningRateAt', () => {
  it('steps at milestones and follows a half cosine', () => {
    const step = { kind: 'step' as const, milestones: [2, 4], gamma: 0.1 };
    expect([0, 1, 2, 3, 4, 5].map((e) => learningRateAt(step, 1, e, 6))).toEqual([1, 1, 0.1, 0.1, 0.1 ** 2, 0.1 ** 2].map((v) => expect.closeTo(v, 12)));
    const cosine = { kind: 'cosine' as const };
    expect(learningRateAt(cosine, 0.2, 0, 10)).toBeCloseTo(0.2, 12);
    expect(learningRateAt(cosine, 0.2, 5, 10)).toBeCloseTo(0.1, 12);
    expect(learningRateAt({ kind: 'cosine', minLr: 0.01 }, 0.2, 10, 10)).toBeCloseTo(0.01, 12);
  });
});
