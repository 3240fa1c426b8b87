import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, DataMissingError, DivergenceError } from '@l2p/runtime';
import { describeModel } from '../describe';
import { miniCnn } from '../testing/mini-cnn';
import { patternDataset, rectangleSegmentation } from '../testing/synthetic';
import { bilinearKernel } from '../weights/init';
import { disposeWeights, type Weights } from '../weights/types';
import { arrayBatchSource, type BatchSource } from './batch-source';
import { CHECKPOINT_DIR, TRAIN_STATE_JSON, trainModel } from './trainer';

let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-models-train-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

// NOTE: most tests train the two-conv `miniCnn`: on the pure-JS cpu backend each conv weight gradient costs
// ~25 ms even at toy sizes, so a 13-conv VGG step is ~0.5 s.
const mini = (): ReturnType<typeof miniCnn> => miniCnn(3, 8);

function sameValues(a: Weights, b: Weights): string[] {
  return Object.keys(a).filter((k) => {
    const x = a[k].dataSync();
    const y = b[k].dataSync();
    return x.length !== y.length || x.some((v, i) => v !== y[i]);
  });
}

describe('trainModel', () => {
  it('learns class-dependent patterns well above chance (33%) and reports per-epoch figures', async () => {
    const train = patternDataset(48, 3, 8, 1);
    const test = patternDataset(30, 3, 8, 2);
    const epochs: number[] = [];
    const result = await trainModel({
      description: mini(),
      train: arrayBatchSource({ ...train, batchSize: 16, shuffleSeed: 3 }),
      validation: arrayBatchSource({ ...test, batchSize: 30 }),
      epochs: 4,
      learningRate: 0.1,
      schedule: { kind: 'cosine' },
      seed: 7,
      onEpoch: (s) => {
        epochs.push(s.epoch);
      },
    });
    expect(epochs).toEqual([1, 2, 3, 4]);
    const last = result.history[3];
    expect(last.validation?.task).toBe('classification');
    expect(last.validation && last.validation.task === 'classification' ? last.validation.top1 : 0).toBeGreaterThan(0.8);
    expect(last.accuracy).toBeGreaterThan(0.8);
    expect(result.history[0].loss).toBeGreaterThan(last.loss);
    expect(last.imagesPerSecond).toBeGreaterThan(0);
    expect(last.etaSeconds).toBe(0);
    expect(result.history[0].learningRate).toBeCloseTo(0.1, 10);
    expect(result.history[2].learningRate).toBeCloseTo(0.05, 10);
    disposeWeights(result.weights);
    tf.dispose([train.x, train.y, test.x, test.y]);
  });

  it('--resume continues from the last checkpoint with identical results to an uninterrupted run', async () => {
    const data = patternDataset(24, 3, 8, 5);
    const options = {
      description: mini(),
      train: arrayBatchSource({ ...data, batchSize: 12, shuffleSeed: 9 }),
      epochs: 3,
      learningRate: 0.05,
      schedule: { kind: 'step' as const, milestones: [1], gamma: 0.5 },
      seed: 11,
    };
    const straight = await trainModel({ ...options, outDir: path.join(root, 'straight') });

    const outDir = path.join(root, 'interrupted');
    await expect(
      trainModel({
        ...options,
        outDir,
        onEpoch: (s) => {
          if (s.epoch === 2) throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow('simulated crash');
    const state = JSON.parse(fs.readFileSync(path.join(outDir, CHECKPOINT_DIR, TRAIN_STATE_JSON), 'utf8'));
    expect(state.epochsCompleted).toBe(2);
    const resumed = await trainModel({ ...options, outDir, resume: true });

    expect(Object.keys(resumed.weights).sort()).toEqual(Object.keys(straight.weights).sort());
    expect(sameValues(resumed.weights, straight.weights)).toEqual([]);
    const strip = (h: typeof straight.history): unknown[] => h.map(({ loss, accuracy, learningRate, epoch }) => ({ loss, accuracy, learningRate, epoch }));
    expect(strip(resumed.history)).toEqual(strip(straight.history));

    [straight, resumed].forEach((r) => disposeWeights(r.weights));
    tf.dispose([data.x, data.y]);
  });

  it('refuses to resume with different options or without a checkpoint', async () => {
    const data = patternDataset(8, 3, 8, 5);
    const options = { description: mini(), train: arrayBatchSource({ ...data, batchSize: 8 }), epochs: 1, learningRate: 0.05 };
    await expect(trainModel({ ...options, outDir: path.join(root, 'none'), resume: true })).rejects.toThrow(DataMissingError);
    const outDir = path.join(root, 'once');
    disposeWeights((await trainModel({ ...options, outDir })).weights);
    await expect(trainModel({ ...options, outDir, resume: true, learningRate: 0.1 })).rejects.toThrow(/learningRate 0.05 → 0.1/);
    await expect(trainModel({ ...options, epochs: 0 })).rejects.toThrow(ConfigError);
    await expect(trainModel({ ...options, description: miniCnn(3, 16) })).rejects.toThrow(
      /training data, epoch 1 step 1: batch images are \[8, 8, 8, 3\], the model takes \[B, 16, 16, 3\]/,
    );
    tf.dispose([data.x, data.y]);
  });

  it('stops on a NaN loss naming epoch and step, keeping the last good checkpoint', async () => {
    const data = patternDataset(16, 3, 8, 5);
    const clean = arrayBatchSource({ ...data, batchSize: 4 });
    const poisoned: BatchSource = {
      size: clean.size,
      *batches(epoch) {
        let step = 0;
        for (const batch of clean.batches(epoch)) {
          step += 1;
          if (epoch === 1 && step === 3) {
            const x = tf.fill(batch.x.shape, NaN) as tf.Tensor4D;
            batch.x.dispose();
            yield { x, y: batch.y };
          } else {
            yield batch;
          }
        }
      },
    };
    const outDir = path.join(root, 'nan');
    const run = trainModel({ description: mini(), train: poisoned, epochs: 3, learningRate: 0.05, outDir });
    await expect(run).rejects.toThrow(DivergenceError);
    await expect(trainModel({ description: mini(), train: poisoned, epochs: 3, learningRate: 0.05, outDir })).rejects.toThrow(
      /training diverged at epoch 2, step 3: loss is NaN/,
    );
    const state = JSON.parse(fs.readFileSync(path.join(outDir, CHECKPOINT_DIR, TRAIN_STATE_JSON), 'utf8'));
    expect(state.epochsCompleted).toBe(1);
    tf.dispose([data.x, data.y]);
  });

  it('trains the tiny VGG-16 description: the loss falls', async () => {
    const data = patternDataset(16, 4, 8, 6);
    const result = await trainModel({
      description: describeModel('vgg16', { width: 0.0625, inputShape: [8, 8, 3], numClasses: 4 }),
      train: arrayBatchSource({ ...data, batchSize: 16, shuffleSeed: 2 }),
      epochs: 3,
      learningRate: 0.05,
      seed: 1,
    });
    expect(result.history[2].loss).toBeLessThan(result.history[0].loss);
    disposeWeights(result.weights);
    tf.dispose([data.x, data.y]);
  });

  it('trains FCN-32s with a pixel-wise loss that ignores void (255), reporting pixel accuracy and mean IU', async () => {
    const description = describeModel('fcn32s', { width: 1 / 32, inputShape: [32, 32, 3], numClasses: 2 });
    const data = rectangleSegmentation(4, 32, 4);
    const result = await trainModel({
      description,
      train: arrayBatchSource({ ...data, batchSize: 4, shuffleSeed: 1 }),
      validation: arrayBatchSource({ ...data, batchSize: 4 }),
      epochs: 1,
      learningRate: 0.01,
      seed: 3,
    });
    const last = result.history[0];
    expect(Number.isFinite(last.loss)).toBe(true);
    expect(last.meanIoU).toBeGreaterThanOrEqual(0);
    const v = last.validation;
    expect(v?.task).toBe('segmentation');
    if (v?.task === 'segmentation') {
      const labelled = Array.from(data.y.dataSync()).filter((l) => l !== 255).length;
      expect(labelled).toBeLessThan(4 * 32 * 32);
      expect(v.pixels).toBe(labelled);
      expect(v.perClassIoU).toHaveLength(2);
    }
    // The fixed bilinear upsampling is not trained.
    const bilinear = bilinearKernel(64, 2);
    expect(sameValues({ k: result.weights['upscore/kernel'] }, { k: bilinear })).toEqual([]);
    bilinear.dispose();
    disposeWeights(result.weights);
    tf.dispose([data.x, data.y]);
  });
});
