import * as fs from 'fs';
import * as path from 'path';
import { BackendUnavailableError } from '../errors';
import { jobCores } from '../host-info';
import { EngineName } from './engine-names';
import { onnxThreads } from './onnxruntime';
import { chooseEngine, EngineActivator, selectEngine } from './select-engine';

function fakeActivator(available: EngineName[], tried: EngineName[] = []): EngineActivator {
  return async (name) => {
    tried.push(name);
    if (!available.includes(name)) throw new Error(`Cannot find module 'onnxruntime-node'\nRequire stack:\n- x.js`);
    return { version: `${name}-1` };
  };
}

describe('chooseEngine', () => {
  it('auto prefers onnxruntime and falls back to tfjs with the reason', async () => {
    expect((await chooseEngine('auto', fakeActivator(['onnxruntime', 'tfjs']))).name).toBe('onnxruntime');
    const tried: EngineName[] = [];
    const sel = await chooseEngine('auto', fakeActivator(['tfjs'], tried));
    expect(sel.name).toBe('tfjs');
    expect(tried).toEqual(['onnxruntime', 'tfjs']);
    expect(sel.skipped).toEqual([{ name: 'onnxruntime', reason: "Cannot find module 'onnxruntime-node'" }]);
  });

  it('an explicit onnxruntime that cannot load is an error with an install hint, not a fallback', async () => {
    const tried: EngineName[] = [];
    const err = await chooseEngine('onnxruntime', fakeActivator(['tfjs'], tried)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    expect((err as Error).message).toBe("Engine 'onnxruntime' cannot be used: Cannot find module 'onnxruntime-node'");
    expect((err as BackendUnavailableError).hint).toMatch(/npm install onnxruntime-node@1\.30\.0/);
    expect(tried).toEqual(['onnxruntime']);
  });
});

describe('selectEngine on this machine', () => {
  it('auto loads onnxruntime-node (its Linux x64 CPU binaries ship in the package) and passes the smoke model', async () => {
    const sel = await selectEngine('auto');
    expect(sel.name).toBe('onnxruntime');
    expect(sel.version).toBe('1.30.0');
    expect(sel.skipped).toEqual([]);
    expect(sel.details?.threads).toBe(jobCores());
  });

  it('takes a thread count, and tfjs on request', async () => {
    const sel = await selectEngine('onnxruntime', { threads: 1 });
    expect(sel.details?.threads).toBe(1);
    expect(onnxThreads()).toBe(1);
    expect((await selectEngine('tfjs')).name).toBe('tfjs');
    expect(onnxThreads()).toBe(jobCores());
    await expect(selectEngine('onnxruntime', { threads: 0 })).rejects.toThrow(/threads must be a positive integer, got 0/);
  });

  it('the package is optional at run time: loaded through a module name in a variable, listed as optional, its install script denied', () => {
    const root = path.resolve(__dirname, '../../../..');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { optionalDependencies: Record<string, string>; allowScripts?: Record<string, boolean> };
    expect(pkg.optionalDependencies['onnxruntime-node']).toBeDefined();
    // Its install script downloads CUDA files (fails offline); npm ≥ 11.16 reads this denial, npm 12 enforces it.
    expect(pkg.allowScripts?.['onnxruntime-node']).toBe(false);
    // The old .npmrc key is gone: npm warned about it on every command.
    expect(fs.readFileSync(path.join(root, '.npmrc'), 'utf8')).not.toMatch(/onnxruntime-node-install/);
    expect(fs.readFileSync(path.join(__dirname, 'onnxruntime.ts'), 'utf8')).not.toMatch(/require\('onnxruntime-node'\)|from 'onnxruntime-node'/);
  });
});

describe('jobCores', () => {
  it("is Slurm's allocation when set, else the CPUs this process may use", () => {
    expect(jobCores({ SLURM_CPUS_PER_TASK: '3' })).toBe(3);
    expect(jobCores({ SLURM_CPUS_PER_TASK: 'x' })).toBeGreaterThanOrEqual(1);
    expect(jobCores({})).toBeGreaterThanOrEqual(1);
  });
});
