import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readJson } from './atomic-write';
import { RunDir, RunManifest } from './run-dir';

describe('RunDir', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-runs-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const base = { experiment: 'demo', config: { b: [0.5, 2], width: 0.25 }, seed: 3, backend: { name: 'wasm', version: '4.22.0' } };

  it('writes a manifest with config, hash, versions, git revision, host and status', async () => {
    const run = RunDir.create({ ...base, root, now: () => new Date('2026-11-22T01:02:03.456Z') });
    expect(run.dir).toBe(path.join(root, 'demo', run.id));
    expect(run.id).toMatch(/^20261122T010203Z-[0-9a-f]{8}$/);
    const m = readJson<RunManifest>(run.file('manifest.json'));
    expect(m.status).toBe('running');
    expect(m.config).toEqual(base.config);
    expect(m.configHash).toMatch(/^[0-9a-f]{16}$/);
    expect(m.packages['@tensorflow/tfjs-core']).toBe('4.22.0');
    expect(m.packages['@tensorflow/tfjs-node']).toBe('absent');
    expect(m.gitRevision).toMatch(/^([0-9a-f]{40}(-dirty)?|unknown)$/);
    expect(m.host.cores).toBeGreaterThan(0);
    expect(m.startedAt).toBe('2026-11-22T01:02:03.456Z');
    await run.track(async () => 1);
    expect(readJson<RunManifest>(run.file('manifest.json')).status).toBe('done');
  });

  it('records a failure with its error and rethrows it', async () => {
    const run = RunDir.create({ ...base, root, runId: 'r1' });
    await expect(run.track(async () => Promise.reject(new Error('loss is NaN at epoch 2')))).rejects.toThrow('NaN');
    const m = readJson<RunManifest>(run.file('manifest.json'));
    expect(m.status).toBe('failed');
    expect(m.error?.message).toBe('loss is NaN at epoch 2');
    expect(m.endedAt).toBeDefined();
    const resumed = RunDir.resume(run.dir);
    expect(resumed.info.status).toBe('running');
    expect(resumed.info.error).toBeUndefined();
  });

  it('counts the wall time of every attempt: a killed one up to its last write, a failed one up to its end', async () => {
    const t0 = Date.parse('2026-11-22T01:00:00.000Z');
    let clock = t0;
    const now = (): Date => new Date(clock);
    const run = RunDir.create({ ...base, root, runId: 'r2', now });
    // The first attempt writes a checkpoint 5 s in, then is killed (no markDone / markFailed).
    fs.writeFileSync(run.file('checkpoint.bin'), 'x');
    fs.utimesSync(run.file('checkpoint.bin'), new Date(t0 + 5_000), new Date(t0 + 5_000));
    fs.utimesSync(run.file('manifest.json'), new Date(t0), new Date(t0));
    clock = t0 + 60_000;
    const second = RunDir.resume(run.dir, now);
    clock = t0 + 70_000;
    expect(second.elapsedMs()).toBe(15_000);
    await expect(second.track(async () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    clock = t0 + 100_000;
    const third = RunDir.resume(run.dir, now);
    clock = t0 + 101_000;
    expect(third.elapsedMs()).toBe(5_000 + 10_000 + 1_000);
    await third.track(async () => 1);
    expect(readJson<RunManifest>(run.file('manifest.json')).attempts).toEqual([
      { startedAt: '2026-11-22T01:00:00.000Z', endedAt: '2026-11-22T01:00:05.000Z', wallMs: 5_000 },
      { startedAt: '2026-11-22T01:01:00.000Z', endedAt: '2026-11-22T01:01:10.000Z', wallMs: 10_000 },
      { startedAt: '2026-11-22T01:01:40.000Z', endedAt: '2026-11-22T01:01:41.000Z', wallMs: 1_000 },
    ]);
  });

  it('rejects unsafe names', () => {
    expect(() => RunDir.create({ ...base, root, experiment: '../x' })).toThrow(/experiment name must match/);
    expect(() => RunDir.create({ ...base, root, runId: 'a/b' })).toThrow(/run id must match/);
    expect(() => RunDir.resume(path.join(root, 'nope'))).toThrow(/no run to resume/);
  });
});
