import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readJson, writeDirAtomic, writeFileAtomic, writeJsonAtomic } from './atomic-write';

describe('atomic writes', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-atomic-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a file and leaves no temporary behind', () => {
    const target = path.join(dir, 'sub', 'a.json');
    writeJsonAtomic(target, { x: 1 });
    expect(readJson(target)).toEqual({ x: 1 });
    expect(fs.readdirSync(path.dirname(target))).toEqual(['a.json']);
  });

  it('keeps the old content when a write fails half-way', () => {
    const target = path.join(dir, 'a.txt');
    writeFileAtomic(target, 'old');
    const bad = { toString: () => 'x' } as unknown as string; // writeFileSync rejects non-string, non-buffer data
    expect(() => writeFileAtomic(target, bad)).toThrow();
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir)).toEqual(['a.txt']);
  });

  it('replaces a directory as a whole, and leaves the old one when filling fails', async () => {
    const target = path.join(dir, 'ckpt');
    await writeDirAtomic(target, (tmp) => fs.writeFileSync(path.join(tmp, 'model.json'), 'v1'));
    await expect(
      writeDirAtomic(target, (tmp) => {
        fs.writeFileSync(path.join(tmp, 'model.json'), 'v2-partial');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(fs.readFileSync(path.join(target, 'model.json'), 'utf8')).toBe('v1');
    await writeDirAtomic(target, (tmp) => fs.writeFileSync(path.join(tmp, 'model.json'), 'v2'));
    expect(fs.readFileSync(path.join(target, 'model.json'), 'utf8')).toBe('v2');
    expect(fs.readdirSync(dir)).toEqual(['ckpt']);
  });

  it('never replaces a file by a directory', async () => {
    const target = path.join(dir, 'user-file');
    fs.writeFileSync(target, 'keep');
    await expect(writeDirAtomic(target, (temp) => fs.writeFileSync(path.join(temp, 'x'), ''))).rejects.toThrow(`${target}: is a file; refusing to replace it by a directory`);
    expect([fs.readFileSync(target, 'utf8'), fs.readdirSync(dir)]).toEqual(['keep', ['user-file']]);
  });

  it('never exposes a torn file to a concurrent reader (a child killed mid-loop leaves whole files)', () => {
    const target = path.join(dir, 'big.txt');
    const script = `
      const { writeFileAtomic } = require(${JSON.stringify(path.join(__dirname, 'atomic-write.ts'))});
      for (let i = 0; ; i++) writeFileAtomic(${JSON.stringify(target)}, String(i % 10).repeat(1 << 20));
    `;
    // `node --require tsx/cjs` runs the loop in this very process, so the SIGKILL at the timeout ends it.
    const res = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { timeout: 3000, killSignal: 'SIGKILL' });
    expect(res.signal).toBe('SIGKILL');
    const content = fs.readFileSync(target, 'utf8');
    expect(content.length).toBe(1 << 20);
    expect(new Set(content).size).toBe(1);
  });
});
