import * as tf from '@tensorflow/tfjs';
import { createOnnxSession, type OnnxSessionOptions, ortFloat32, type OrtSession } from '@l2p/runtime';
import { inferShapes } from '../description/graph';
import type { ModelDescription } from '../description/types';
import type { Weights } from '../weights/types';
import { exportOnnx, ONNX_INPUT, ONNX_OUTPUT } from './export-model';

/**
 * The exported model in an onnxruntime session: the same NHWC tensors in and out as the tf.js model. For test
 * evaluation and latency measurement with `--engine onnxruntime`; `release()` when done.
 */
export class OnnxNet {
  private constructor(
    readonly description: ModelDescription,
    private readonly session: OrtSession,
    private readonly outputShape: number[],
  ) {}

  static async create(description: ModelDescription, weights: Weights, options: OnnxSessionOptions = {}): Promise<OnnxNet> {
    return OnnxNet.fromModel(description, exportOnnx(description, weights), options);
  }

  /** A session over bytes written by `exportOnnx` for this description (e.g. a saved model.onnx). */
  static async fromModel(description: ModelDescription, model: Uint8Array, options: OnnxSessionOptions = {}): Promise<OnnxNet> {
    const session = await createOnnxSession(model, options);
    return new OnnxNet(description, session, inferShapes(description).get(description.output) ?? []);
  }

  /** Raw forward: `batch` NHWC images as one Float32Array → the output values, row-major [batch, ...]. */
  async run(x: Float32Array, batch: number): Promise<Float32Array> {
    const out = await this.session.run({ [ONNX_INPUT]: ortFloat32(x, [batch, ...this.description.inputShape]) });
    return out[ONNX_OUTPUT].data as Float32Array;
  }

  /** [B, H, W, C] images → the model's output as a tf tensor (owned by the caller), as `model.predict` gives. */
  async predict(x: tf.Tensor): Promise<tf.Tensor> {
    const batch = x.shape[0];
    const data = await this.run((await x.data()) as Float32Array, batch);
    return tf.tensor(data, [batch, ...this.outputShape]);
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
