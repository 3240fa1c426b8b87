import * as tf from '@tensorflow/tfjs';
import { Rng, selectBackend } from '@l2p/runtime';
import { describeModel, describeSpec } from '../describe';
import { InferenceNet } from '../inference/inference-net';
import { filterCount as groupFilterCount, removeFilters as removeGroup } from '../surgery/remove-filters';
import { randomImages, randomKeep, randomWeights, relativeMaxDiff } from '../testing/fixtures';
import { disposeWeights } from '../weights/types';
import { specOf } from './types';

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('ResNet-18 through channel groups', () => {
  const options = { width: 0.0625, inputShape: [16, 16, 3] as [number, number, number], groups: true };

  it('couples the stem with stage 1, and each stage\'s shortcut with its second convs; first convs stand alone', () => {
    const d = describeModel('resnet18', options);
    const groups = d.groups;
    expect(d.everyGroup).toBe(true);
    expect(groups.find((g) => g.name === 'conv1')?.members).toEqual(['conv1', 'layer1_0_conv2', 'layer1_1_conv2']);
    for (const s of [2, 3, 4]) {
      expect(groups.find((g) => g.name === `layer${s}_0_conv2`)?.members).toEqual([`layer${s}_0_conv2`, `layer${s}_0_shortcut`, `layer${s}_1_conv2`]);
    }
    for (const s of [1, 2, 3, 4]) for (const b of [0, 1]) expect(groups.find((g) => g.name === `layer${s}_${b}_conv1`)?.members).toEqual([`layer${s}_${b}_conv1`]);
    expect(groups).toHaveLength(12);
    // Every conv is in a group: nothing is left unprunable but the classifier.
    expect(d.unprunable.map((u) => u.layer)).toEqual(['fc']);
  });

  it('pruning every group equals masking it (≤ 1e-4), and the plan replays from the spec', () => {
    let description = describeModel('resnet18', options);
    let weights = randomWeights(description, 7);
    const rng = new Rng(3);
    const x = randomImages([3, 16, 16, 3], 5);
    for (const name of description.groups.map((g) => g.name)) {
      const n = groupFilterCount(description, name);
      const keep = randomKeep(n, Math.max(1, Math.floor(n / 2)), rng);
      const mask = Array.from({ length: n }, (_, i) => (keep.includes(i) ? 1 : 0));
      const net = new InferenceNet(description, weights);
      const cache = net.activationsAfter(name, x);
      const masked = net.forwardFrom(cache, { candidates: [mask] });
      const pruned = removeGroup(description, weights, name, keep);
      const prunedNet = new InferenceNet(pruned.description, pruned.weights);
      const got = prunedNet.predict(x);
      const expected = tf.squeeze(masked, [0]);
      expect(relativeMaxDiff(got, expected)).toBeLessThan(1e-4);
      tf.dispose([masked, got, expected]);
      cache.dispose();
      net.dispose();
      prunedNet.dispose();
      disposeWeights(weights);
      ({ description, weights } = pruned);
    }
    expect(describeSpec(specOf(description))).toEqual(description);
    disposeWeights(weights);
    x.dispose();
  });
});
