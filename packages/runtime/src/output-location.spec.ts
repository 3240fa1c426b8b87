import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from './errors';
import { checkOutputDir, ensureDir } from './output-location';

/** Runs `code` in a fresh Node with tsx, killed after `ms`: a regression to Node's recursive mkdir hangs on /proc. */
function runBounded(code: string, ms = 15_000): { status: number | null; signal: NodeJS.Signals | null; stderr: string; ms: number } {
  const started = Date.now();
  const res = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', code], { encoding: 'utf8', timeout: ms, killSignal: 'SIGKILL' });
  return { status: res.status, signal: res.signal, stderr: res.stderr, ms: Date.now() - started };
}

describe('output locations', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-out-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('ensureDir and the atomic writes fail at once on procfs instead of looping forever', () => {
    const here = JSON.stringify(__dirname);
    const res = runBounded(`
      const { ensureDir } = require(${here} + '/output-location.ts');
      const { writeJsonAtomic } = require(${here} + '/atomic-write.ts');
      for (const attempt of [() => ensureDir('/proc/l2p-x/y'), () => writeJsonAtomic('/proc/l2p-x/a.json', {})]) {
        try { attempt(); console.error('no error'); process.exit(3); } catch (err) { console.error(err.message); }
      }
    `);
    expect(res.signal).toBeNull();
    expect(res.status).toBe(0);
    expect(res.stderr).toBe('cannot create directory /proc/l2p-x (ENOENT)\ncannot create directory /proc/l2p-x (ENOENT)\n');
  });

  it('ensureDir makes every missing parent and accepts an existing directory', () => {
    const deep = path.join(dir, 'a', 'b', 'c');
    ensureDir(deep);
    ensureDir(deep);
    expect(fs.statSync(deep).isDirectory()).toBe(true);
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    expect(() => ensureDir(path.join(dir, 'file', 'sub'))).toThrow(/cannot create directory .*file\/sub: .*file is a file, not a directory/);
  });

  it('refuses an unwritable output directory with one line naming the option, and leaves nothing behind', () => {
    const file = path.join(dir, 'model.bin');
    fs.writeFileSync(file, 'x');
    const cases: [string, RegExp][] = [
      ['/proc/x', /^--out \/proc\/x: not a writable directory: cannot create x in \/proc \(ENOENT\)$/],
      ['/proc/x/rep', /^--out \/proc\/x\/rep: not a writable directory: cannot create x in \/proc \(ENOENT\)$/],
      [path.join(file, 'run'), /^--out .*model\.bin\/run: not a writable directory: .*model\.bin is a file, not a directory$/],
      [file, /^--out .*model\.bin: not a writable directory: .*model\.bin is a file, not a directory$/],
    ];
    for (const [target, message] of cases) {
      let error: unknown;
      try {
        checkOutputDir(target, '--out');
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
    }
    expect(fs.readdirSync(dir)).toEqual(['model.bin']);
  });

  it('accepts a writable location without creating it, and an existing directory without leaving a probe', () => {
    expect(checkOutputDir(path.join(dir, 'runs', 'train'), '--out')).toBe(path.join(dir, 'runs', 'train'));
    expect(checkOutputDir(dir, '--runs-dir')).toBe(dir);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
