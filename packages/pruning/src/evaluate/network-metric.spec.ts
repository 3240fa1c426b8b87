import { ConfusionMatrix, InferenceNet } from '@l2p/models';
import { selectBackend } from '@l2p/runtime';
import { trainedProblem, type TrainedProblem } from '../testing';
import { networkMetric } from './network-metric';
import { addPredictions, metricPoints } from './metric-points';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('networkMetric on a trained network', () => {
  let p: TrainedProblem;
  beforeAll(async () => {
    p = await trainedProblem('vgg16');
  });
  afterAll(() => p.dispose());

  it('on tfjs equals the confusion of InferenceNet, and onnxruntime is at most one image apart', async () => {
    const net = new InferenceNet(p.description, p.weights);
    const confusion = new ConfusionMatrix(p.description.numClasses);
    for (const batch of p.reward.batches) {
      const logits = net.predict(batch.x);
      addPredictions(confusion, logits, batch.y);
      logits.dispose();
    }
    net.dispose();
    const expected = metricPoints(p.description, confusion);
    // A trained network: well above chance (6 classes), so a metric stuck at chance would fail.
    expect(expected).toBeGreaterThan(50);
    expect(await networkMetric(p.description, p.weights, p.reward)).toBe(expected);
    const ort = await networkMetric(p.description, p.weights, p.reward, 'onnxruntime');
    expect(Math.abs(ort - expected) * p.reward.size / 100).toBeLessThanOrEqual(1 + 1e-9);
  });
});
