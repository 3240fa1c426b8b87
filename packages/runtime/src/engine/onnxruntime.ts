import type * as ort from 'onnxruntime-common';
import { errorSummary } from '../choose-implementation';
import { BackendUnavailableError } from '../errors';
import { jobCores } from '../host-info';
import { ENGINE_INSTALL_HINTS } from './engine-names';

/** The onnxruntime-node module: onnxruntime-common's API with the native CPU backend registered. */
export type OrtModule = typeof ort;
export type OrtSession = ort.InferenceSession;
export type OrtTensor = ort.Tensor;

// onnxruntime-node is an optional dependency: on a platform it does not ship binaries for, npm drops it and the
// engine choice falls back to tfjs. As with tfjs-node, the module name is held in a variable so that a missing
// package is a run-time MODULE_NOT_FOUND (caught by the engine selection), not a compile error.
const ORT_MODULE = 'onnxruntime-node';

let loaded: OrtModule | undefined;

/** Loads onnxruntime-node (once); throws the module's own error when it is absent or its native addon fails. */
export function loadOnnxRuntime(): OrtModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional package, see ORT_MODULE
  loaded ??= require(ORT_MODULE) as OrtModule;
  return loaded;
}

/** loadOnnxRuntime for code that needs the engine: a missing package is a typed error with how to install it. */
export function requireOnnxRuntime(): OrtModule {
  try {
    return loadOnnxRuntime();
  } catch (err) {
    throw new BackendUnavailableError(`Engine 'onnxruntime' cannot be used: ${errorSummary(err)}`, ENGINE_INSTALL_HINTS.onnxruntime);
  }
}

let threads: number | undefined;

/** Intra-op threads of every onnxruntime session created from now on (default: the cores this job has). */
export function setOnnxThreads(count: number | undefined): void {
  if (count !== undefined && !(Number.isInteger(count) && count >= 1)) {
    throw new RangeError(`onnxruntime threads must be a positive integer, got ${count}`);
  }
  threads = count;
}

export function onnxThreads(): number {
  return threads ?? jobCores();
}

export interface OnnxSessionOptions {
  /** Intra-op threads (default `onnxThreads()`). */
  threads?: number;
  /** Write an onnxruntime profile (JSON, chrome://tracing format) with this file prefix. */
  profilePrefix?: string;
}

/**
 * An onnxruntime CPU session for a serialized ModelProto. One thread pool per session, sized to the job's cores;
 * inter-op parallelism off (our graphs are chains), all graph optimisations on.
 */
export async function createOnnxSession(model: Uint8Array, options: OnnxSessionOptions = {}): Promise<OrtSession> {
  const { InferenceSession } = requireOnnxRuntime();
  return InferenceSession.create(model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: options.threads ?? onnxThreads(),
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    ...(options.profilePrefix ? { enableProfiling: true, profileFilePrefix: options.profilePrefix } : {}),
  });
}

/** A float32 onnxruntime tensor over `data` (not copied). */
export function ortFloat32(data: Float32Array, dims: readonly number[]): OrtTensor {
  const { Tensor } = requireOnnxRuntime();
  return new Tensor('float32', data, dims);
}
