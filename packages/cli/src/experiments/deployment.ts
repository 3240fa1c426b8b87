import * as tf from '@tensorflow/tfjs';
import { buildModel, ModelDescription, Weights } from '@l2p/models';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

export interface ModelFootprint {
  modelJsonBytes: number;
  weightsBytes: number;
  /** All files of the saved model, each gzipped (what a web server would send). */
  gzipBytes: number;
}

export function footprint(dir: string): ModelFootprint {
  let modelJsonBytes = 0;
  let weightsBytes = 0;
  let gzipBytes = 0;
  for (const name of fs.readdirSync(dir)) {
    const bytes = fs.readFileSync(path.join(dir, name));
    if (name === 'model.json') modelJsonBytes = bytes.length;
    else if (name.endsWith('.bin')) weightsBytes += bytes.length;
    else continue;
    gzipBytes += zlib.gzipSync(bytes, { level: 9 }).length;
  }
  return { modelJsonBytes, weightsBytes, gzipBytes };
}

/**
 * Median wall time of `model.predict` on a batch, as a user of the saved model would run it (tf.LayersModel on
 * the active backend), after one warm-up call.
 */
export async function measureLatencyMs(description: ModelDescription, weights: Weights, batch: number, repeats = 5): Promise<number> {
  const model = buildModel(description, weights);
  const x = tf.randomNormal([batch, ...description.inputShape], 0, 1, 'float32', 1);
  try {
    const run = async (): Promise<number> => {
      const t0 = performance.now();
      const y = model.predict(x) as tf.Tensor;
      await y.data();
      y.dispose();
      return performance.now() - t0;
    };
    await run();
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) times.push(await run());
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  } finally {
    x.dispose();
    model.dispose();
  }
}
