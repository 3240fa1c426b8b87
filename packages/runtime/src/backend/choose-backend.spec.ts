import { BackendUnavailableError } from '../errors';
import { BackendName } from './backend-names';
import { BackendActivator, chooseBackend } from './choose-backend';

/** An activator in which only the named backends load; the others fail like a missing module does. */
function fakeActivator(available: BackendName[], tried: BackendName[] = []): BackendActivator {
  return async (name) => {
    tried.push(name);
    if (!available.includes(name)) {
      throw new Error(`Cannot find module '@fake/${name}'\nRequire stack:\n- somewhere.js`);
    }
    return { version: `${name}-1.0` };
  };
}

describe('chooseBackend', () => {
  it('auto takes the best backend that loads and records why the better ones were skipped', async () => {
    const tried: BackendName[] = [];
    const sel = await chooseBackend('auto', fakeActivator(['wasm', 'cpu'], tried));
    expect(sel.name).toBe('wasm');
    expect(sel.version).toBe('wasm-1.0');
    expect(tried).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm']);
    expect(sel.skipped).toEqual([
      { name: 'tensorflow-gpu', reason: "Cannot find module '@fake/tensorflow-gpu'" },
      { name: 'tensorflow', reason: "Cannot find module '@fake/tensorflow'" },
    ]);
  });

  it('auto prefers the GPU build when it loads', async () => {
    const sel = await chooseBackend('auto', fakeActivator(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']));
    expect(sel.name).toBe('tensorflow-gpu');
    expect(sel.skipped).toEqual([]);
  });

  it('auto falls back to cpu only where wasm cannot load', async () => {
    const sel = await chooseBackend('auto', fakeActivator(['cpu']));
    expect(sel.name).toBe('cpu');
    expect(sel.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm']);
  });

  it('an explicit choice that cannot load is an error with the module message and an install hint', async () => {
    const tried: BackendName[] = [];
    const err = await chooseBackend('tensorflow', fakeActivator(['wasm', 'cpu'], tried)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    expect((err as BackendUnavailableError).message).toBe("Backend 'tensorflow' cannot be used: Cannot find module '@fake/tensorflow'");
    expect((err as BackendUnavailableError).hint).toMatch(/npm install @tensorflow\/tfjs-node/);
    expect(tried).toEqual(['tensorflow']); // no silent fallback
  });

  it('fails with every reason when nothing loads', async () => {
    await expect(chooseBackend('auto', fakeActivator([]))).rejects.toThrow(/No compute backend could be loaded: tensorflow-gpu: .*cpu: /);
  });
});
