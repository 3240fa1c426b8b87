/**
 * Shared by the *.spec.ts files here: run the same computation on 'cpu' (the reference) and on 'wasm' with the
 * training kernels, and compare. Values cross backends as plain arrays, so no tensor outlives its backend.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../rng';
import { registerWasmTrainingKernels } from './index';

export type CompareBackend = 'cpu' | 'wasm';

/**
 * Loads the wasm backend, makes it current and registers the training kernels (call in beforeAll).
 * `kernelLeakChecks` sets tfjs's IS_TEST flag: the engine then throws when a kernel leaves backend buffers behind.
 * Leave it off around whole models: tfjs's own customGrad ops (softmaxCrossEntropy) trip that check.
 */
export async function setUpWasm(kernelLeakChecks = true): Promise<void> {
  // IS_TEST also mutes tfjs warnings; the cpu backend's one-time "install tfjs-node" banner is used up meanwhile.
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
  tf.tensor(0).dispose();
  tf.env().set('IS_TEST', kernelLeakChecks);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- importing it has the side effect we want
  require('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
  registerWasmTrainingKernels();
}

/** Switches to `backend` and runs `body` in a tidy scope; `body` must return plain data. */
export async function onBackend<T>(backend: CompareBackend, body: () => T): Promise<T> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend '${backend}' did not initialise`);
  return tf.tidy(() => body() as unknown as tf.TensorContainer) as unknown as T;
}

/** Runs one kernel through the engine (so the registered kernel is what runs) and reads its output. */
export function runKernelValues(name: string, inputs: Record<string, tf.Tensor>, attrs: object): Float32Array {
  const out = tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
  return out.dataSync() as Float32Array;
}

export function normalValues(size: number, rng: Rng, scale = 1): Float32Array {
  return Float32Array.from({ length: size }, () => rng.normal() * scale);
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** max |actual − expected| / max |expected| (0 when both are all zero). */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) {
    throw new Error(`relativeError: lengths differ (${actual.length} vs ${expected.length})`);
  }
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  if (Number.isNaN(diff)) return Number.POSITIVE_INFINITY;
  return scale === 0 ? diff : diff / scale;
}

/** Backend-level buffers (intermediates of composed kernels live here, not in tf.memory()). */
export function backendDataIds(): number {
  return tf.backend().numDataIds();
}
