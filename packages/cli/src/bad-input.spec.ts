import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeClassificationFixture } from '@l2p/report/testing';
import { main } from './main';

/**
 * Bad input is refused before any work: one line on stderr, exit code 2, nothing left behind. Probes that hung or
 * trained before the fix run in a child process with a time bound; the rest run in-process through main().
 */

const bin = path.join(__dirname, '..', 'bin', 'l2p.js');

async function l2p(argv: string[]): Promise<{ code: number; err: string; ms: number }> {
  let err = '';
  const writes = [
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err += chunk.toString();
      return true;
    }),
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      err += `${args.join(' ')}\n`;
    }),
  ];
  const started = Date.now();
  try {
    return { code: await main(argv), err, ms: Date.now() - started };
  } finally {
    writes.forEach((spy) => spy.mockRestore());
  }
}

/** `l2p` in a child process killed after `ms`: a regression to an endless loop fails instead of hanging the suite. */
function l2pBounded(argv: string[], cwd: string, ms = 30_000): { code: number | null; signal: string | null; err: string } {
  const res = spawnSync(process.execPath, [bin, ...argv], { cwd, encoding: 'utf8', timeout: ms, killSignal: 'SIGKILL', env: { ...process.env, L2P_BACKEND: 'wasm' } });
  return { code: res.status, signal: res.signal, err: res.stderr };
}

/** Every file and directory under `dir`, relative, sorted. */
function tree(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('bad input is refused before any work, with one line and exit code 2', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-bad-input-'));
    fs.writeFileSync(path.join(tmp, 'a-file'), 'not a directory');
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('output locations on procfs: refused at once, not an endless loop at 100 % CPU', () => {
    writeClassificationFixture(path.join(tmp, 'runs'));
    const before = tree(tmp);
    const probes: [string[], string][] = [
      [['train', '--out', '/proc/x'], 'error: --out /proc/x: not a writable directory: cannot create x in /proc (ENOENT)'],
      [['report', path.join(tmp, 'runs', 'fixture-cifar-vgg'), '--out', '/proc/x/rep'], 'error: --out /proc/x/rep: not a writable directory: cannot create x in /proc (ENOENT)'],
      [['sweep', 'demo', '-c', 'smoke', '--runs-dir', '/proc/x'], 'error: --runs-dir /proc/x: not a writable directory: cannot create x in /proc (ENOENT)'],
    ];
    for (const [argv, message] of probes) {
      const res = l2pBounded(argv, tmp);
      expect([argv.join(' '), res.signal, res.code, res.err]).toEqual([argv.join(' '), null, 2, `${message}\n`]);
    }
    expect(tree(tmp)).toEqual(before);
  });

  it('refuses each probe with its one-line message, quickly, leaving the directory as it was', async () => {
    const file = path.join(tmp, 'a-file');
    const runs = path.join(tmp, 'runs-probe');
    const badConfig = path.join(tmp, 'bad-seeds.json');
    const demo = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'experiments', 'configs', 'demo.json'), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(badConfig, JSON.stringify({ ...demo, seeds: [0, 1.5] }));
    const before = tree(tmp);
    const sweep = ['sweep', 'demo', '-c', 'smoke', '--runs-dir', runs, '--no-report'];
    const probes: [string[], string][] = [
      [['train', '--out', path.join(file, 'run')], `error: --out ${path.join(file, 'run')}: not a writable directory: ${file} is a file, not a directory`],
      [['train', '--batch-size', '0', '--out', runs], 'error: --batch-size 0: Number must be greater than 0'],
      [[...sweep, '--b', 'abc'], "error: --b abc: 'abc' is not a number"],
      [[...sweep, '--b', '0'], 'error: --b 0: b must be greater than 0 (the largest acceptable drop, in points), got 0'],
      [[...sweep, '--b', '-1'], 'error: --b -1: b must be greater than 0 (the largest acceptable drop, in points), got -1'],
      [[...sweep, '--seeds', '1.5'], 'error: --seeds 1.5: a seed must be a whole number ≥ 0, got 1.5'],
      [[...sweep, '--methods', 'agent,magnitude'], 'error: --methods agent,magnitude: unknown method (methods: agent, random, l1, taylor), got magnitude'],
      [[...sweep, '--reports-dir', path.join(file, 'reports'), '--report'], `error: --reports-dir ${path.join(file, 'reports')}: not a writable directory: ${file} is a file, not a directory`],
      [['sweep', badConfig, '--runs-dir', runs], 'error: bad-seeds.json [paper]: seeds.1: a seed must be a whole number ≥ 0, got 1.5'],
      [['prune', '--checkpoint', path.join(tmp, 'none'), '--b', '0'], 'error: --b 0: b must be greater than 0 (the largest acceptable drop, in points), got 0'],
      [['prune', '--checkpoint', path.join(tmp, 'none'), '--seed', '1.5'], 'error: --seed 1.5: a seed must be a whole number ≥ 0, got 1.5'],
      [['prune', '--checkpoint', path.join(tmp, 'none'), '--b', '1,2'], 'error: --b 1,2: prune runs one job; for several, use `l2p sweep`'],
      [['prune', '--checkpoint', path.join(tmp, 'none'), '--out', path.join(file, 'x')], `error: --out ${path.join(file, 'x')}: not a writable directory: ${file} is a file, not a directory`],
      [['eval', path.join(tmp, 'nope')], `error: <checkpoint> ${path.join(tmp, 'nope')} does not exist (give a saved model's directory, e.g. runs/train/model)`],
      [['job', 'demo', 'agent-b0-s0', '-c', 'smoke', '--runs-dir', runs], "error: job id 'agent-b0-s0': b must be greater than 0 (the largest acceptable drop, in points), got 0"],
      [['job', 'demo', '--spec', '{"kind":"prune","method":"agent","b":0,"seed":0}', '-c', 'smoke', '--runs-dir', runs], 'error: --spec {"kind":"prune","method":"agent","b":0,"seed":0}: b: b must be greater than 0 (the largest acceptable drop, in points), got 0'],
      [['job', 'demo', '--spec', '{"kind":"reference","name":"li-pruned-a","b":1,"seed":0}', '-c', 'smoke', '--runs-dir', runs], 'error: --spec {"kind":"reference","name":"li-pruned-a","b":1,"seed":0}: a reference job is { kind, name, seed }: a fixed plan has no b'],
    ];
    for (const [argv, message] of probes) {
      const res = await l2p(argv);
      expect([argv.join(' '), res.code, res.err]).toEqual([argv.join(' '), 2, `${message}\n`]);
      expect(res.ms).toBeLessThan(15_000);
    }
    expect(tree(tmp)).toEqual(before);
  });
});
