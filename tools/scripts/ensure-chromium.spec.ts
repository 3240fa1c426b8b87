import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

interface RunResult {
  status: number | null;
  signal?: NodeJS.Signals | null;
  stdout?: string;
  stderr?: string;
}
interface Io {
  env: NodeJS.ProcessEnv;
  exists(file: string): boolean;
  isRoot(): boolean;
  run(cmd: string, args: string[], env: NodeJS.ProcessEnv): RunResult;
  log(line: string): void;
  error(line: string): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain Node script (npm test runs it before any build)
const { ensureChromium } = require('./ensure-chromium') as { ensureChromium: (io: Io) => number };

const script = path.join(__dirname, 'ensure-chromium.js');

describe('npm test provisions Chromium for the browser tests', () => {
  let dir: string;
  let logs: string[];
  let errors: string[];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-chromium-'));
    logs = [];
    errors = [];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A stand-in apt-get that records its calls and "installs" Chromium where L2P_CHROMIUM points. */
  function stubApt(behaviour: 'installs' | 'fails'): string {
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    const body =
      behaviour === 'installs'
        ? 'if [ "$1" = install ]; then printf "#!/bin/sh\\necho Chromium 1.0\\n" > "$L2P_CHROMIUM"; fi'
        : 'echo "E: Unable to locate package chromium" >&2; exit 100';
    fs.writeFileSync(path.join(bin, 'apt-get'), `#!/bin/sh\necho "$DEBIAN_FRONTEND $*" >> "${path.join(dir, 'apt.log')}"\n${body}\n`, { mode: 0o755 });
    return bin;
  }

  function io(env: NodeJS.ProcessEnv, isRoot = true): Io {
    return {
      env,
      exists: (file) => fs.existsSync(file),
      isRoot: () => isRoot,
      run: (cmd, args, runEnv) => spawnSync(cmd, args, { env: runEnv, encoding: 'utf8' }),
      log: (line) => logs.push(line),
      error: (line) => errors.push(line),
    };
  }

  it('installs Debian\'s chromium non-interactively, without recommends, and says so', () => {
    const chromium = path.join(dir, 'chromium');
    const code = ensureChromium(io({ PATH: stubApt('installs'), L2P_CHROMIUM: chromium }));
    expect(errors).toEqual([]);
    expect(code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'apt.log'), 'utf8').trim().split('\n')).toEqual([
      'noninteractive update -qq',
      'noninteractive install -y -qq --no-install-recommends chromium',
    ]);
    expect(logs[0]).toMatch(/^npm test: Chromium for the report's browser tests is missing \(L2P_CHROMIUM=.*chromium\); installing Debian's chromium/);
    expect(logs[1]).toBe(`npm test: installed ${chromium}`);
    expect(fs.existsSync(chromium)).toBe(true);
  });

  it('does nothing when Chromium is there', () => {
    const chromium = path.join(dir, 'chromium');
    fs.writeFileSync(chromium, '');
    expect(ensureChromium(io({ PATH: stubApt('installs'), L2P_CHROMIUM: chromium }))).toBe(0);
    expect(fs.existsSync(path.join(dir, 'apt.log'))).toBe(false);
    expect([...logs, ...errors]).toEqual([]);
  });

  it('stops with one line when it cannot install: not root, no apt-get, apt-get failing', () => {
    const chromium = path.join(dir, 'chromium');
    expect(ensureChromium(io({ PATH: stubApt('installs'), L2P_CHROMIUM: chromium }, false))).toBe(1);
    expect(errors.pop()).toMatch(/^error: npm test needs Chromium .* installing it needs root: run `sudo apt-get install -y --no-install-recommends chromium`/);
    expect(fs.existsSync(path.join(dir, 'apt.log'))).toBe(false);
    expect(ensureChromium(io({ PATH: path.join(dir, 'nowhere'), L2P_CHROMIUM: chromium }))).toBe(1);
    expect(errors.pop()).toMatch(/does not exist and this machine has no apt-get to install Debian's chromium: install Chromium and set L2P_CHROMIUM/);
    fs.rmSync(path.join(dir, 'bin'), { recursive: true });
    expect(ensureChromium(io({ PATH: stubApt('fails'), L2P_CHROMIUM: chromium }))).toBe(1);
    expect(errors).toEqual(['error: `apt-get update -qq` failed (exit 100): E: Unable to locate package chromium']);
    for (const line of errors) expect(line).not.toMatch(/\n/);
  });

  it('runs as a script: one error line on stderr and exit 1 when it cannot install', () => {
    const res = spawnSync(process.execPath, [script], { encoding: 'utf8', env: { PATH: path.join(dir, 'nowhere'), L2P_CHROMIUM: path.join(dir, 'chromium') } });
    expect(res.status).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/^error: npm test needs Chromium/);
  });
});
