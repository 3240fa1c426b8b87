import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from '../../errors';
import { isOverride } from './compose';
import {
  activeWasmTrainingKernels,
  registerWasmTrainingKernels,
  restoreWasmBuiltinKernels,
  WASM_TRAINING_KERNEL_NAMES,
} from './index';

// The order matters: the first test runs before the wasm package is loaded in this file's module registry.
describe('registerWasmTrainingKernels', () => {
  it('throws BackendUnavailableError, saying what to load, when the wasm backend is not loaded', () => {
    expect(() => registerWasmTrainingKernels()).toThrow(BackendUnavailableError);
    expect(() => registerWasmTrainingKernels()).toThrow(/backend 'wasm' has no kernels registered/);
  });

  it('works when called before tf.setBackend (the replaced built-ins still get set up)', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading the backend is the point
    require('@tensorflow/tfjs-backend-wasm');
    const builtinMaxPoolGrad = tf.getKernel('MaxPoolGrad', 'wasm');
    registerWasmTrainingKernels();
    expect(await tf.setBackend('wasm')).toBe(true);
    expect(activeWasmTrainingKernels()).toEqual([...WASM_TRAINING_KERNEL_NAMES]);
    expect(tf.getKernel('MaxPoolGrad', 'wasm')).not.toBe(builtinMaxPoolGrad);
    // Calls the replaced built-in inside, which only works if the built-in's setupFunc ran.
    const x = tf.tensor4d([-4, -3, -2, -1], [1, 2, 2, 1]);
    const dx = tf.grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid').sum())(x);
    expect(Array.from(dx.dataSync())).toEqual([0, 0, 0, 1]);
  });

  it('is idempotent', () => {
    const before = WASM_TRAINING_KERNEL_NAMES.map((name) => tf.getKernel(name, 'wasm'));
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    registerWasmTrainingKernels();
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    expect(WASM_TRAINING_KERNEL_NAMES.map((name) => tf.getKernel(name, 'wasm'))).toEqual(before);
  });

  it('restoreWasmBuiltinKernels puts the shipped kernels back, and `except` leaves them alone', () => {
    const ours = tf.getKernel('Tile', 'wasm');
    restoreWasmBuiltinKernels();
    expect(activeWasmTrainingKernels()).toEqual([]);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(isOverride(tf.getKernel('Tile', 'wasm'))).toBe(false);
    expect(tf.getKernel('Tile', 'wasm')).toBe(isOverride(ours) ? ours.builtin : undefined);

    registerWasmTrainingKernels({ except: ['Conv2DBackpropInput', 'Tile'] });
    expect(activeWasmTrainingKernels()).toEqual(
      WASM_TRAINING_KERNEL_NAMES.filter((name) => name !== 'Conv2DBackpropInput' && name !== 'Tile'),
    );
    registerWasmTrainingKernels();
    expect(activeWasmTrainingKernels()).toEqual([...WASM_TRAINING_KERNEL_NAMES]);
  });
});
