import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * `l2p sweep` writes runs/<experiment>/ and <reports-dir>/: neither may hold the user's files (--fresh would delete
 * them, a report would replace their index.html). Refused before any work; a child process with a time bound, so
 * a regression that starts the sweep fails instead of running it.
 */
const bin = path.join(__dirname, '..', '..', '..', 'bin', 'l2p.js');

function l2p(argv: string[], cwd: string): { code: number | null; err: string } {
  const res = spawnSync(process.execPath, [bin, ...argv], { cwd, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL', env: { ...process.env, L2P_BACKEND: 'wasm' } });
  return { code: res.status, err: res.stderr };
}

describe('l2p sweep --runs-dir / --reports-dir', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-sweep-out-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("refuses an experiment directory or a reports directory holding the user's files, deleting nothing", () => {
    const runs = path.join(tmp, 'runs');
    fs.mkdirSync(path.join(runs, 'demo-smoke'), { recursive: true });
    fs.writeFileSync(path.join(runs, 'demo-smoke', 'notes.txt'), 'mine');
    const site = path.join(tmp, 'site');
    fs.mkdirSync(site);
    fs.writeFileSync(path.join(site, 'index.html'), '<p>my site</p>');
    const fresh = l2p(['sweep', 'demo', '-c', 'smoke', '--runs-dir', runs, '--fresh', '--no-report'], tmp);
    expect([fresh.code, fresh.err]).toEqual([2, `error: --runs-dir ${path.join(runs, 'demo-smoke')}: refusing to write into a directory that holds files l2p sweep does not write (notes.txt) — point --runs-dir at a new directory\n`]);
    const report = l2p(['sweep', 'demo', '-c', 'smoke', '--runs-dir', path.join(tmp, 'other-runs'), '--reports-dir', site, '--report'], tmp);
    expect([report.code, report.err]).toEqual([2, `error: --reports-dir ${site}: refusing to write into a directory that holds files a report does not write (index.html) — point --reports-dir at a new directory\n`]);
    expect(fs.readdirSync(tmp).sort()).toEqual(['runs', 'site']);
    expect([fs.readdirSync(path.join(runs, 'demo-smoke')), fs.readFileSync(path.join(site, 'index.html'), 'utf8')]).toEqual([['notes.txt'], '<p>my site</p>']);
  }, 90_000);
});
