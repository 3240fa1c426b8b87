/**
 * Kernels that let tfjs-backend-wasm 4.22 train conv nets correctly and fast, each composed from kernels wasm
 * already has (see each file for why it is needed). To add one: write `<kernel>.ts` exporting a
 * `(builtin) => OverrideConfig` factory, a `<kernel>.spec.ts` checking it against the cpu backend, and list it in
 * TRAINING_KERNELS.
 */
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from '../../errors';
import { isOverride, registeredWasmKernel, WASM_BACKEND, type OverrideConfig } from './compose';
import { batchMatMulConfig } from './batch-mat-mul';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input';
import { maxPoolGradConfig } from './max-pool-grad';
import { meanConfig } from './mean';
import { sumConfig } from './sum';
import { tileConfig } from './tile';

export const WASM_TRAINING_KERNEL_NAMES = [
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'MaxPoolGrad',
  'Tile',
  'Sum',
  'Mean',
  'BatchMatMul',
] as const;
export type WasmTrainingKernelName = (typeof WASM_TRAINING_KERNEL_NAMES)[number];

const TRAINING_KERNELS: Record<WasmTrainingKernelName, (builtin: tf.KernelConfig | undefined) => OverrideConfig> = {
  Conv2DBackpropFilter: conv2dBackpropFilterConfig, // missing
  Conv2DBackpropInput: conv2dBackpropInputConfig, // naive loop, 3–7× slower than phase convs at strides 1–2
  MaxPoolGrad: maxPoolGradConfig, // wrong for windows with no positive value; scalar loop
  Tile: tileConfig, // index loop, ~40× slower than broadcasting (batch-norm gradient)
  Sum: sumConfig, // transposes before reducing leading axes, ~20× slower (batch-norm and bias gradients)
  Mean: meanConfig, // the same (batch-norm moments)
  BatchMatMul: batchMatMulConfig, // scalar loop for transposed operands, 5–15× slower (dense gradients)
};

export interface WasmTrainingKernelOptions {
  /** Kernels to leave as shipped (for benchmarks and A/B checks); default none. */
  readonly except?: readonly WasmTrainingKernelName[];
}

/**
 * Registers the training kernels for backend 'wasm', replacing the built-ins where they are slow or wrong.
 * Idempotent: kernels already registered by this function are left alone. Works before or after
 * `tf.setBackend('wasm')`, but the wasm package must be loaded (its kernels registered) first.
 */
export function registerWasmTrainingKernels(options: WasmTrainingKernelOptions = {}): void {
  if (registeredWasmKernel('Conv2D') === undefined) {
    throw new BackendUnavailableError(
      "registerWasmTrainingKernels: backend 'wasm' has no kernels registered (kernel 'Conv2D' not found)",
      "Load it first with require('@tensorflow/tfjs-backend-wasm').",
    );
  }
  const except = new Set<string>(options.except ?? []);
  for (const name of WASM_TRAINING_KERNEL_NAMES) {
    if (except.has(name)) continue;
    const current = registeredWasmKernel(name);
    if (isOverride(current)) continue;
    const config = TRAINING_KERNELS[name](current);
    if (current !== undefined) tf.unregisterKernel(name, WASM_BACKEND);
    tf.registerKernel(config);
  }
}

/** Undoes registerWasmTrainingKernels: puts the shipped kernels back (and removes the ones wasm lacks). */
export function restoreWasmBuiltinKernels(): void {
  for (const name of WASM_TRAINING_KERNEL_NAMES) {
    const current = registeredWasmKernel(name);
    if (!isOverride(current)) continue;
    tf.unregisterKernel(name, WASM_BACKEND);
    if (current.builtin !== undefined) tf.registerKernel(current.builtin);
  }
}

/** Which of the kernels currently registered for wasm are this package's replacements. */
export function activeWasmTrainingKernels(): WasmTrainingKernelName[] {
  return WASM_TRAINING_KERNEL_NAMES.filter((name) => isOverride(registeredWasmKernel(name)));
}
