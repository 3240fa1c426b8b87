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
 * Median wall time of `model.predict` on one batch for the base and the pruned network, as a user of the saved
 * models would run them (tf.LayersModel on the active backend). The two are timed alternately, after a warm-up
 * call each, so that load from other processes falls on both alike.
 */
export async function measureLatencyPairMs(
  base: { description: ModelDescription; weights: Weights },
  pruned: { description: ModelDescription; weights: Weights },
  batch: number,
  repeats = 7,
): Promise<{ before: number; after: number }> {
  const models = [buildModel(base.description, base.weights), buildModel(pruned.description, pruned.weights)];
  const x = tf.randomNormal([batch, ...base.description.inputShape], 0, 1, 'float32', 1);
  try {
    const run = async (model: tf.LayersModel): Promise<number> => {
      const t0 = performance.now();
      const y = model.predict(x) as tf.Tensor;
      await y.data();
      y.dispose();
      return performance.now() - t0;
    };
    for (const m of models) await run(m);
    const times: number[][] = [[], []];
    for (let i = 0; i < repeats; i++) for (let k = 0; k < 2; k++) times[k].push(await run(models[k]));
    const median = (t: number[]): number => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)];
    return { before: median(times[0]), after: median(times[1]) };
  } finally {
    x.dispose();
    models.forEach((m) => m.dispose());
  }
}
