import * as tf from '@tensorflow/tfjs';
import { describeModel } from '../describe';
import { bilinearKernel, initWeights } from './init';
import { weightSpecs } from './specs';
import { disposeWeights } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('initWeights', () => {
  const description = describeModel('resnet18', { width: 0.0625 });

  it('gives every weight of the description, seeded: same seed same values, other seed other values', () => {
    const a = initWeights(description, 1);
    const b = initWeights(description, 1);
    const c = initWeights(description, 2);
    expect(Object.keys(a)).toEqual(weightSpecs(description).map((s) => s.name));
    expect(Array.from(a['layer2_0_conv1/kernel'].dataSync())).toEqual(Array.from(b['layer2_0_conv1/kernel'].dataSync()));
    expect(Array.from(a['layer2_0_conv1/kernel'].dataSync())).not.toEqual(Array.from(c['layer2_0_conv1/kernel'].dataSync()));
    expect(Array.from(a['conv1_bn/gamma'].dataSync())).toEqual(new Array(4).fill(1));
    [a, b, c].forEach(disposeWeights);
  });

  it('makes a bilinear upsampling kernel that interpolates a ramp exactly (stride 2, kernel 4)', () => {
    const k = bilinearKernel(4, 1);
    expect(Array.from(tf.squeeze(k).arraySync() as number[][]).map((r) => r.map((v) => +v.toFixed(4)))).toEqual([
      [0.0625, 0.1875, 0.1875, 0.0625],
      [0.1875, 0.5625, 0.5625, 0.1875],
      [0.1875, 0.5625, 0.5625, 0.1875],
      [0.0625, 0.1875, 0.1875, 0.0625],
    ]);
    // Upsampling a linear ramp by 2 gives a finer linear ramp away from the borders.
    const x = tf.tensor4d([0, 1, 2, 3], [1, 1, 4, 1]);
    const y = tf.conv2dTranspose(x, k, [1, 4, 10, 1], 2, 'valid');
    // Row 1 of the output carries vertical weight 0.75 (one input row, kernel column profile ¼ ¾ ¾ ¼).
    const row = (y.arraySync() as number[][][][])[0][1].slice(2, 8).map((v) => v[0] / 0.75);
    const diffs = row.slice(1).map((v, i) => +(v - row[i]).toFixed(5));
    expect(new Set(diffs).size).toBe(1);
    tf.dispose([k, x, y]);
  });
});
