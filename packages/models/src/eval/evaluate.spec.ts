import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../build/builder';
import { randomWeights, tinyDescription } from '../testing/fixtures';
import { miniCnn } from '../testing/mini-cnn';
import { patternDataset } from '../testing/synthetic';
import { arrayBatchSource } from '../train/batch-source';
import { disposeWeights } from '../weights/types';
import { accuracyPerCandidate, evaluateModel, formatEvaluation } from './evaluate';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('evaluateModel', () => {
  it('reports top-1 over all batches, equal to the argmax of the built model (oracle)', async () => {
    const description = miniCnn(3, 8);
    const weights = randomWeights(description, 4);
    const data = patternDataset(20, 3, 8, 9);
    const result = await evaluateModel({ description, weights, source: arrayBatchSource({ ...data, batchSize: 6 }) });
    const model = buildModel(description, weights);
    const predicted = (tf.argMax(model.predict(data.x) as tf.Tensor, -1).arraySync() as number[]);
    const labels = data.y.arraySync() as number[];
    const correct = predicted.filter((p, i) => p === labels[i]).length;
    expect(result).toMatchObject({ task: 'classification', images: 20 });
    expect(result.task === 'classification' && result.top1).toBeCloseTo(correct / 20, 12);
    expect(formatEvaluation(result)).toMatch(/^top-1 \d+\.\d\d%, loss \d+\.\d{4} \(20 images\)$/);
    model.dispose();
    disposeWeights(weights);
    tf.dispose([data.x, data.y]);
  });

  it('gives the same result on onnxruntime, classification and segmentation (loss within float rounding)', async () => {
    for (const name of ['vgg16', 'fcn32s']) {
      const description = tinyDescription(name);
      const weights = randomWeights(description, 6);
      const [h, w] = description.inputShape;
      const x = tf.randomNormal([5, ...description.inputShape], 0, 1, 'float32', 2) as tf.Tensor4D;
      const y = description.task === 'classification' ? tf.tensor1d([0, 1, 2, 3, 4], 'int32') : tf.randomUniform([5, h, w], 0, description.numClasses, 'int32', 3);
      const source = () => arrayBatchSource({ x, y, batchSize: 2 });
      const tfjs = await evaluateModel({ description, weights, source: source() });
      const ort = await evaluateModel({ description, weights, source: source(), engine: 'onnxruntime' });
      expect({ ...ort, loss: 0 }).toEqual({ ...tfjs, loss: 0 });
      expect(Math.abs(ort.loss - tfjs.loss)).toBeLessThan(1e-4);
      disposeWeights(weights);
      tf.dispose([x, y]);
    }
  });

  it('accuracyPerCandidate scores K candidates from one batched logits tensor', () => {
    const logits = tf.tensor3d(
      [
        [[1, 0], [0, 1], [1, 0]],
        [[0, 1], [0, 1], [0, 1]],
      ],
      [2, 3, 2],
    );
    expect(accuracyPerCandidate(logits, tf.tensor1d([0, 1, 1], 'int32'))).toEqual([2 / 3, 2 / 3]);
    expect(accuracyPerCandidate(logits, tf.tensor1d([1, 1, 1], 'int32'))).toEqual([1 / 3, 1]);
    expect(() => accuracyPerCandidate(tf.zeros([3, 2]), tf.zeros([3]))).toThrow(/needs logits \[K, B, classes\]/);
  });
});
