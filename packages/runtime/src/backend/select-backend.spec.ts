import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from '../errors';
import { selectBackend } from './select-backend';

// These run the real fallback chain of this machine: the tfjs-node packages are optional dependencies that
// cannot install without network access, so they are absent (or present without their native binding).
describe('selectBackend on this machine', () => {
  const tfNodeInstalled = (() => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- probing an optional package
      require('@tensorflow/tfjs-node');
      return true;
    } catch {
      return false;
    }
  })();

  it('auto chooses wasm and says why tensorflow-gpu and tensorflow were skipped', async () => {
    if (tfNodeInstalled) throw new Error('this test describes machines without tfjs-node; tfjs-node loaded here');
    const sel = await selectBackend('auto');
    expect(sel.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(sel.version).toBe('4.22.0');
    expect(sel.details?.simd).toBe(true);
    expect(sel.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu', 'tensorflow']);
    for (const s of sel.skipped) expect(s.reason).toMatch(/Cannot find module '@tensorflow\/tfjs-node(-gpu)?'|tfjs_binding\.node/);
  });

  it('an explicit tensorflow choice fails with the module error and how to install it', async () => {
    const err = await selectBackend('tensorflow').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    expect((err as Error).message).toMatch(/^Backend 'tensorflow' cannot be used: .*(Cannot find module '@tensorflow\/tfjs-node'|.*tfjs_binding)/);
    expect((err as BackendUnavailableError).hint).toMatch(/npm install @tensorflow\/tfjs-node@4\.22\.0/);
  });

  it('switches to the pure-JS cpu backend on request and back to wasm', async () => {
    const cpu = await selectBackend('cpu');
    expect(cpu.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const wasm = await selectBackend('wasm');
    expect(wasm.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });
});
