import * as tf from '@tensorflow/tfjs';
import { buildModel, exportOnnx, ModelDescription, OnnxNet, Weights } from '@l2p/models';
import { EngineName } from '@l2p/runtime';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

export const MODEL_ONNX = 'model.onnx';

export interface ModelFootprint {
  modelJsonBytes: number;
  weightsBytes: number;
  /** All files of the saved tf.js model, each gzipped (what a web server would send). */
  gzipBytes: number;
  /** model.onnx beside them, when there is one. */
  onnxBytes: number | null;
}

export function footprint(dir: string): ModelFootprint {
  let modelJsonBytes = 0;
  let weightsBytes = 0;
  let gzipBytes = 0;
  let onnxBytes: number | null = null;
  for (const name of fs.readdirSync(dir)) {
    const bytes = fs.readFileSync(path.join(dir, name));
    if (name === MODEL_ONNX) onnxBytes = bytes.length;
    if (name === 'model.json') modelJsonBytes = bytes.length;
    else if (name.endsWith('.bin')) weightsBytes += bytes.length;
    else continue;
    gzipBytes += zlib.gzipSync(bytes, { level: 9 }).length;
  }
  return { modelJsonBytes, weightsBytes, gzipBytes, onnxBytes };
}

type Net = { description: ModelDescription; weights: Weights };

/** One timed forward pass of a batch on an engine, as a user of the saved model would run it. */
interface TimedForward {
  run(): Promise<void>;
  dispose(): Promise<void>;
}

const forwards: Record<EngineName, (net: Net, x: tf.Tensor) => Promise<TimedForward>> = {
  // The tf.LayersModel of model.json on the active backend.
  tfjs: async (net, x) => {
    const model = buildModel(net.description, net.weights);
    return {
      run: async () => {
        const y = model.predict(x) as tf.Tensor;
        await y.data();
        y.dispose();
      },
      dispose: async () => void model.dispose(),
    };
  },
  // model.onnx in an onnxruntime session (the job's threads); the input is already a Float32Array, as a server's is.
  onnxruntime: async (net, x) => {
    const session = await OnnxNet.fromModel(net.description, exportOnnx(net.description, net.weights));
    const data = (await x.data()) as Float32Array;
    return { run: async () => void (await session.run(data, x.shape[0])), dispose: () => session.release() };
  },
};

/**
 * Median wall time of one batch's forward pass for the base and the pruned network on `engine`. The two are
 * timed alternately, after a warm-up call each, so that load from other processes falls on both alike.
 */
export async function measureLatencyPairMs(base: Net, pruned: Net, batch: number, engine: EngineName = 'tfjs', repeats = 7): Promise<{ before: number; after: number }> {
  const x = tf.randomNormal([batch, ...base.description.inputShape], 0, 1, 'float32', 1);
  const pair = [await forwards[engine](base, x), await forwards[engine](pruned, x)];
  try {
    const time = async (f: TimedForward): Promise<number> => {
      const t0 = performance.now();
      await f.run();
      return performance.now() - t0;
    };
    for (const f of pair) await time(f);
    const times: number[][] = [[], []];
    for (let i = 0; i < repeats; i++) for (let k = 0; k < 2; k++) times[k].push(await time(pair[k]));
    const median = (t: number[]): number => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)];
    return { before: median(times[0]), after: median(times[1]) };
  } finally {
    x.dispose();
    for (const f of pair) await f.dispose();
  }
}
