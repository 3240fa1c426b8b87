import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from '@l2p/runtime';
import { assertNoLiveLocks, baseLockFile, jobLockFile, registerSweep } from './run-locks';

describe('run locks', () => {
  let expDir: string;
  beforeEach(() => {
    expDir = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-run-locks-'));
  });
  afterEach(() => fs.rmSync(expDir, { recursive: true, force: true }));

  it('keeps every lock of an experiment in its .locks directory, one per job and one for the base model', () => {
    expect(jobLockFile(expDir, { kind: 'prune', method: 'agent', b: 0.5, seed: 2 })).toBe(path.join(expDir, '.locks', 'agent-b0.5-s2.lock'));
    expect(baseLockFile(expDir)).toBe(path.join(expDir, '.locks', 'base.lock'));
  });

  it('--fresh is refused while a live process holds a lock of the experiment, and allowed once it is stale', () => {
    const file = jobLockFile(expDir, { kind: 'prune', method: 'agent', b: 1, seed: 0 });
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const owner = { pid: process.ppid, host: os.hostname(), acquiredAt: '2026-12-01T21:00:00.000Z', processStart: null, token: 'aaaa', purpose: 'job agent-b1-s0' };
    fs.writeFileSync(file, JSON.stringify(owner));
    expect(() => assertNoLiveLocks(expDir)).toThrow(ConfigError);
    expect(() => assertNoLiveLocks(expDir)).toThrow(
      new RegExp(`^--fresh: ${expDir} is in use \\(agent-b1-s0 by pid ${process.ppid} on ${os.hostname()} since 2026-12-01 21:00:00 UTC\\); stop it first or choose another --runs-dir$`),
    );
    fs.writeFileSync(file, JSON.stringify({ ...owner, processStart: -1 })); // the pid now belongs to another process
    expect(() => assertNoLiveLocks(expDir)).not.toThrow();
  });

  it('a running sweep keeps --fresh away between its jobs, until it ends', () => {
    const presence = registerSweep(expDir);
    expect(() => assertNoLiveLocks(expDir)).toThrow(new RegExp(`is in use \\(sweep-${process.pid} by pid ${process.pid} `));
    presence.release();
    expect(() => assertNoLiveLocks(expDir)).not.toThrow();
  });
});
