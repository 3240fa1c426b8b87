import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@l2p/runtime';
import { InferenceNet } from '../inference/inference-net';
import { randomImages, randomWeights, relativeMaxDiff, tinyDescription } from '../testing';
import { forwardTrain } from '../train/train-forward';
import { weightName } from '../weights/types';
import { disposeRecalibrated, batchNormsAfter, recalibrateBatchNorm } from './recalibrate';

describe('batchNormsAfter', () => {
  it('lists the BN layers after a VGG conv, not its own', () => {
    const d = tinyDescription('vgg16');
    expect(batchNormsAfter(d, 'conv5_2')).toEqual(['conv5_3_bn', 'fc1_bn']);
    expect(batchNormsAfter(d, 'conv1_1')).toHaveLength(13);
    expect(batchNormsAfter(d, 'conv1_1')).not.toContain('conv1_1_bn');
  });

  it('follows a ResNet block into later blocks', () => {
    const d = tinyDescription('resnet18');
    const first = d.groups[0].name;
    const bns = batchNormsAfter(d, first);
    const block = first.replace(/_conv1$/, '');
    expect(bns[0]).toBe(`${block}_conv2_bn`);
    expect(bns).not.toContain(`${first}_bn`);
    expect(bns.length).toBeGreaterThan(10);
  });

  it('is empty for a network without BN (FCN-32s)', () => {
    const d = tinyDescription('fcn32s');
    expect(batchNormsAfter(d, d.groups[0].name)).toEqual([]);
  });
});

describe('recalibrateBatchNorm', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it('makes inference on the images equal training-mode BN on them (every BN recalibrated)', () => {
    const d = tinyDescription('vgg16');
    const w = randomWeights(d, 3);
    const x = randomImages([12, ...d.inputShape], 4);
    const re = recalibrateBatchNorm(d, w, x);
    const net = new InferenceNet(d, re);
    const inference = net.predict(x);
    const training = tf.tidy(() => forwardTrain(d, (name) => w[name], x, { seedFor: () => 0, onBatchStats: () => undefined }));
    expect(relativeMaxDiff(inference, training)).toBeLessThan(1e-4);
    // …and the stored moments changed (the fixture's moving statistics are not the images' own).
    const before = w[weightName('conv2_1_bn', 'moving_mean')].dataSync();
    const after = re[weightName('conv2_1_bn', 'moving_mean')].dataSync();
    expect(Math.max(...before.map((v, i) => Math.abs(v - after[i])))).toBeGreaterThan(1e-3);
    net.dispose();
    tf.dispose([inference, training, x]);
    disposeRecalibrated(w, re);
    tf.dispose(Object.values(w));
  });

  it('recalibrates FCN-32s with BN, whose dropout hands its input on at inference, without losing a tensor', () => {
    const d = tinyDescription('fcn32s-bn');
    const w = randomWeights(d, 7);
    const x = randomImages([4, ...d.inputShape], 8);
    const before = tf.memory().numTensors;
    const re = recalibrateBatchNorm(d, w, x, { only: batchNormsAfter(d, 'conv5_3') });
    expect(batchNormsAfter(d, 'conv5_3')).toEqual(['fc6_bn', 'fc7_bn']);
    // fc7 reads fc6_drop, the same tensor as fc6_relu: freeing it after fc6_drop would have broken fc7.
    const old = w[weightName('fc7_bn', 'moving_mean')].dataSync();
    const now = re[weightName('fc7_bn', 'moving_mean')].dataSync();
    expect(Math.max(...old.map((v, i) => Math.abs(v - now[i])))).toBeGreaterThan(1e-3);
    expect(re[weightName('conv5_3_bn', 'moving_mean')]).toBe(w[weightName('conv5_3_bn', 'moving_mean')]);
    expect(tf.memory().numTensors).toBe(before + 4);
    disposeRecalibrated(w, re);
    tf.dispose([x, ...Object.values(w)]);
  });

  it('leaves layers outside `only` untouched and shares their tensors', () => {
    const d = tinyDescription('vgg16');
    const w = randomWeights(d, 5);
    const x = randomImages([6, ...d.inputShape], 6);
    const only = batchNormsAfter(d, 'conv4_1');
    const re = recalibrateBatchNorm(d, w, x, { only });
    for (const name of Object.keys(w)) {
      const layer = name.slice(0, name.lastIndexOf('/'));
      const isStat = name.endsWith('moving_mean') || name.endsWith('moving_variance');
      expect(re[name] === w[name]).toBe(!(isStat && only.includes(layer)));
    }
    disposeRecalibrated(w, re);
    tf.dispose([x, ...Object.values(w)]);
  });

  it('refuses a name that is not a BN layer', () => {
    const d = tinyDescription('vgg16');
    const w = randomWeights(d, 1);
    const x = randomImages([2, ...d.inputShape], 1);
    expect(() => recalibrateBatchNorm(d, w, x, { only: ['conv1_1'] })).toThrow(/'conv1_1' is not a BN layer/);
    tf.dispose([x, ...Object.values(w)]);
  });
});
