import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { acquireLock, describeLockOwner, LockHeldError, LockOwner, liveLocks, readLockOwner, tryAcquireLock } from './exclusive-lock';

const LOCK_MODULE = JSON.stringify(path.join(__dirname, 'exclusive-lock.ts'));

function ownerRecord(overrides: Partial<LockOwner>): LockOwner {
  return { pid: process.pid, host: os.hostname(), acquiredAt: new Date().toISOString(), processStart: null, token: 'feedfacefeedface', purpose: 'test', ...overrides };
}

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const res = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(res.stdout);
}

describe('exclusive locks', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-lock-'));
    file = path.join(dir, 'locks', 'job.lock');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('admits one holder at a time, says who holds it, and frees it on release', () => {
    const first = tryAcquireLock(file, { purpose: 'job a' });
    if (!first.acquired) throw new Error('expected the lock');
    expect(readLockOwner(file)).toEqual(first.lock.owner);
    expect(first.lock.owner).toMatchObject({ pid: process.pid, host: os.hostname(), purpose: 'job a' });
    const second = tryAcquireLock(file, { purpose: 'job a' });
    expect(second).toEqual({ acquired: false, owner: first.lock.owner });
    expect(new LockHeldError(file, first.lock.owner, 'job a').message).toBe(`job a is being run by ${describeLockOwner(first.lock.owner)} (lock ${file})`);
    expect(describeLockOwner(first.lock.owner)).toMatch(new RegExp(`^pid ${process.pid} on ${os.hostname()} since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC$`));
    first.lock.release();
    first.lock.release();
    expect(fs.existsSync(file)).toBe(false);
    const third = tryAcquireLock(file, { purpose: 'job a' });
    expect(third.acquired).toBe(true);
    if (third.acquired) third.lock.release();
    expect(fs.readdirSync(path.dirname(file))).toEqual([]);
  });

  it('takes over the lock of a dead process, of a reused pid, and of another host that stopped its heartbeat', () => {
    const stale: [string, LockOwner, number?][] = [
      ['dead pid', ownerRecord({ pid: deadPid() })],
      ['reused pid', ownerRecord({ pid: process.pid, processStart: 1 })],
      ['silent foreign host', ownerRecord({ host: 'node-elsewhere' }), Date.now() - 11 * 60_000],
    ];
    for (const [what, owner, touched] of stale) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(owner));
      if (touched) fs.utimesSync(file, new Date(touched), new Date(touched));
      const attempt = tryAcquireLock(file, { purpose: what });
      expect([what, attempt.acquired]).toEqual([what, true]);
      if (attempt.acquired) {
        expect(readLockOwner(file)?.token).toBe(attempt.lock.owner.token);
        attempt.lock.release();
      }
    }
    expect(fs.readdirSync(path.dirname(file))).toEqual([]);
  });

  it('respects a live process and a foreign host whose heartbeat is recent', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const foreign = ownerRecord({ host: 'node-elsewhere' });
    fs.writeFileSync(file, JSON.stringify(foreign));
    expect(tryAcquireLock(file, { purpose: 'x' })).toEqual({ acquired: false, owner: foreign });
    const live = ownerRecord({ pid: process.ppid });
    fs.writeFileSync(file, JSON.stringify(live));
    expect(tryAcquireLock(file, { purpose: 'x' })).toEqual({ acquired: false, owner: live });
    expect(liveLocks(path.dirname(file)).map((l) => l.owner)).toEqual([live]);
  });

  it('keeps a foreign-host lock alive with a heartbeat, and never removes a lock it lost', async () => {
    const a = tryAcquireLock(file, { purpose: 'a', heartbeatMs: 50 });
    if (!a.acquired) throw new Error('expected the lock');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(file, old, old);
    await new Promise((r) => setTimeout(r, 200));
    expect(fs.statSync(file).mtimeMs).toBeGreaterThan(Date.now() - 5_000);
    // Someone judged it stale and took it over: a's release leaves the new owner's lock alone.
    fs.rmSync(file);
    const b = tryAcquireLock(file, { purpose: 'b' });
    if (!b.acquired) throw new Error('expected the lock');
    expect(a.lock.isHeld()).toBe(false);
    a.lock.release();
    expect(readLockOwner(file)?.token).toBe(b.lock.owner.token);
    b.lock.release();
  });

  it('lets exactly one of many racing processes take over a stale lock at any moment', async () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(ownerRecord({ pid: deadPid() })));
    const log = path.join(dir, 'log');
    const script = `
      const fs = require('fs');
      const { tryAcquireLock } = require(${LOCK_MODULE});
      const end = Date.now() + 1500;
      (async () => {
        while (Date.now() < end) {
          const a = tryAcquireLock(${JSON.stringify(file)}, { purpose: 'race' });
          if (a.acquired) {
            fs.appendFileSync(${JSON.stringify(log)}, 'in ' + process.pid + '\\n');
            await new Promise((r) => setTimeout(r, 30));
            fs.appendFileSync(${JSON.stringify(log)}, 'out ' + process.pid + '\\n');
            a.lock.release();
          }
          await new Promise((r) => setTimeout(r, 1));
        }
      })();
    `;
    const children = Array.from({ length: 4 }, () => spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { stdio: 'inherit' }));
    await Promise.all(children.map((c) => new Promise((r) => c.on('close', r))));
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (let i = 0; i < lines.length; i += 2) {
      const pid = lines[i].split(' ')[1];
      expect([lines[i], lines[i + 1]]).toEqual([`in ${pid}`, `out ${pid}`]);
    }
  });

  it('waits for a live holder, says for whom, and takes the lock when it is released', async () => {
    const script = `
      const { tryAcquireLock } = require(${LOCK_MODULE});
      const a = tryAcquireLock(${JSON.stringify(file)}, { purpose: 'holder' });
      console.log(a.acquired ? 'held' : 'not held');
      setTimeout(() => a.lock.release(), 1500);
    `;
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const closed = new Promise((r) => child.on('close', r));
    const said = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d).trim())));
    expect(said).toBe('held');
    const waitedFor: LockOwner[] = [];
    const started = Date.now();
    const lock = await acquireLock(file, { purpose: 'waiter', pollMs: 100, onWait: (o) => waitedFor.push(o) });
    expect(Date.now() - started).toBeGreaterThan(500);
    expect(waitedFor.map((o) => [o.pid, o.purpose])).toEqual([[child.pid, 'holder']]);
    expect(lock.isHeld()).toBe(true);
    lock.release();
    await closed;
  });
});
