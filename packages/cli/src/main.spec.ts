import { spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { main } from './main';

/** Runs main() with stdout/stderr captured. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const so = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  });
  const se = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += chunk.toString();
    return true;
  });
  // yargs prints help and usage errors through console.log / console.error.
  const cl = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    out += `${args.join(' ')}\n`;
  });
  const ce = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    err += `${args.join(' ')}\n`;
  });
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    [so, se, cl, ce].forEach((spy) => spy.mockRestore());
  }
}

describe('l2p', () => {
  afterEach(() => {
    delete process.env.L2P_BACKEND;
    delete process.env.L2P_ENGINE;
    delete process.env.L2P_THREADS;
  });

  it('exits 2 with a message on an unknown command or option', async () => {
    const unknown = await run(['bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/Unknown argument: bogus/);
    const badChoice = await run(['info', '--backend', 'tpu']);
    expect(badChoice.code).toBe(2);
    expect(badChoice.err).toMatch(/Invalid values:[\s\S]*backend[\s\S]*tpu/);
    expect((await run([])).code).toBe(2);
    const failedCheck = await run(['prune', '--b', '2']);
    expect(failedCheck.code).toBe(2);
    expect(failedCheck.err).toMatch(/give --checkpoint \(a trained model\) or --resume \(a killed run\)/);
  });

  it('prints help for every command with exit 0', async () => {
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/l2p info/);
    expect(top.out).toMatch(/--backend/);
    const info = await run(['info', '--help']);
    expect(info.code).toBe(0);
    expect(info.out).toMatch(/--json/);
  });

  it('info reports the chosen backend and why tensorflow was skipped', async () => {
    const res = await run(['info']);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^backend {6}wasm 4\.22\.0 \(simd true, threads single\), chosen by auto$/m);
    expect(res.out).toMatch(/skipped {4}tensorflow-gpu: /);
    expect(res.out).toMatch(/skipped {4}tensorflow: /);
    expect(res.out).toMatch(/mnist +found/);
    // onnxruntime-node ships its Linux x64 CPU binaries, so auto takes it, with one thread per core of the job.
    expect(res.out).toMatch(new RegExp(`^engine {7}onnxruntime 1\\.30\\.0 \\(threads ${os.availableParallelism()}\\), chosen by auto$`, 'm'));
  });

  it('takes the engine and threads from --engine / L2P_ENGINE and --threads / L2P_THREADS, and refuses bad thread counts', async () => {
    process.env.L2P_ENGINE = 'tfjs';
    const tfjs = await run(['info']);
    expect(tfjs.out).toMatch(/^engine {7}tfjs 4\.22\.0 \(backend wasm\)$/m);
    delete process.env.L2P_ENGINE;
    process.env.L2P_THREADS = '1';
    const one = await run(['info', '--json']);
    expect((JSON.parse(one.out) as { engine: { name: string; details: { threads: number } } }).engine).toMatchObject({ name: 'onnxruntime', details: { threads: 1 } });
    const bad = await run(['info', '--threads', '0']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--threads must be a positive integer, got 0/);
  });

  it('takes the backend from L2P_BACKEND, and --json gives machine-readable output', async () => {
    process.env.L2P_BACKEND = 'cpu';
    const res = await run(['info', '--json']);
    expect(res.code).toBe(0);
    const report = JSON.parse(res.out) as { backend: { name: string; skipped: unknown[] } };
    expect(report.backend.name).toBe('cpu');
    expect(report.backend.skipped).toEqual([]);
  });

  it('exits 1 with the module error and an install hint when an explicit backend cannot load', async () => {
    const res = await run(['info', '--backend', 'tensorflow-gpu']);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/^error: Backend 'tensorflow-gpu' cannot be used: /);
    expect(res.err).toMatch(/npm install @tensorflow\/tfjs-node-gpu/);
  });

  it('runs as a real process through bin/l2p.js', () => {
    const bin = path.join(__dirname, '..', 'bin', 'l2p.js');
    const res = spawnSync(process.execPath, [bin, 'info'], { encoding: 'utf8', env: { ...process.env, L2P_BACKEND: 'auto' } });
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/^backend {6}wasm/m);
  });
});
