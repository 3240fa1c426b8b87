import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../build/builder';
import { randomWeights } from '../testing/fixtures';
import { miniCnn } from '../testing/mini-cnn';
import { patternDataset } from '../testing/synthetic';
import { arrayBatchSource } from '../train/batch-source';
import { disposeWeights } from '../weights/types';
import { evaluateModel, formatEvaluation } from './evaluate';

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
});
