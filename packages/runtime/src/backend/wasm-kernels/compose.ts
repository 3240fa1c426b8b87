/**
 * Helpers for kernels that are built out of other wasm kernels. They call kernel functions directly (no engine,
 * no tape), so every intermediate is a bare TensorInfo that must be freed through the backend: `withScratch`
 * frees all of them except the one handed back.
 */
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from '../../errors';

export const WASM_BACKEND = 'wasm';

/** Property set on the kernel configs registered here, so registration can recognise its own work. */
export const OVERRIDE_MARK = 'l2pTrainingKernel';

/** A kernel config registered by this package; `builtin` is the wasm kernel it replaced, if there was one. */
export interface OverrideConfig extends tf.KernelConfig {
  readonly [OVERRIDE_MARK]: true;
  readonly builtin: tf.KernelConfig | undefined;
}

export function isOverride(config: tf.KernelConfig | undefined): config is OverrideConfig {
  return config !== undefined && (config as Partial<OverrideConfig>)[OVERRIDE_MARK] === true;
}

/** The kernel currently registered for wasm under `name` (tf.getKernel returns undefined despite its type). */
export function registeredWasmKernel(name: string): tf.KernelConfig | undefined {
  return tf.getKernel(name, WASM_BACKEND) as tf.KernelConfig | undefined;
}

function wasmKernelFunc(name: string): tf.KernelFunc {
  const config = registeredWasmKernel(name);
  if (config === undefined) {
    throw new BackendUnavailableError(
      `wasm training kernels: kernel '${name}' is not registered for backend 'wasm'`,
      "Load the wasm backend first: require('@tensorflow/tfjs-backend-wasm').",
    );
  }
  return config.kernelFunc;
}

/** Calls a kernel function and insists on one output (every kernel composed here has one). */
export function callKernel(
  kernelFunc: tf.KernelFunc,
  backend: tf.KernelBackend,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const out = kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error(`wasm training kernels: expected one output, got ${out.length}`);
  return out;
}

/** Tracks intermediates of one composed kernel call. */
export class Scratch {
  private readonly temps: tf.TensorInfo[] = [];

  constructor(readonly backend: tf.KernelBackend) {}

  /** Runs the wasm kernel registered as `name` and tracks its output. */
  run(name: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
    return this.track(callKernel(wasmKernelFunc(name), this.backend, inputs, attrs));
  }

  /** Runs a given kernel function (e.g. a replaced built-in) and tracks its output. */
  call(kernelFunc: tf.KernelFunc, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
    return this.track(callKernel(kernelFunc, this.backend, inputs, attrs));
  }

  track(info: tf.TensorInfo): tf.TensorInfo {
    this.temps.push(info);
    return info;
  }

  /** Frees every tracked output except `keep`. Reshapes share a dataId and are reference-counted by the backend. */
  disposeAllBut(keep: tf.TensorInfo | undefined): void {
    for (const info of this.temps) {
      if (info !== keep) this.backend.disposeData(info.dataId);
    }
    this.temps.length = 0;
  }
}

/** Runs `body` and frees its intermediates, also when it throws; the returned TensorInfo survives. */
export function withScratch(backend: tf.KernelBackend, body: (s: Scratch) => tf.TensorInfo): tf.TensorInfo {
  const scratch = new Scratch(backend);
  let result: tf.TensorInfo | undefined;
  try {
    result = body(scratch);
    return result;
  } finally {
    scratch.disposeAllBut(result);
  }
}

/** Builds the config of a replacement kernel; setup is delegated so the built-in stays callable from inside. */
export function overrideConfig(
  kernelName: string,
  builtin: tf.KernelConfig | undefined,
  kernelFunc: tf.KernelFunc,
): OverrideConfig {
  return {
    kernelName,
    backendName: WASM_BACKEND,
    kernelFunc,
    // The engine runs setupFunc of registered kernels when the backend initialises; the built-in's setup
    // (which binds its wasm export) must still run once the built-in is no longer registered itself.
    setupFunc: builtin?.setupFunc,
    disposeFunc: builtin?.disposeFunc,
    builtin,
    [OVERRIDE_MARK]: true,
  };
}

/** Unpacks a [h, w] or scalar attribute. */
export function pair(value: number | [number, number]): [number, number] {
  return typeof value === 'number' ? [value, value] : value;
}
