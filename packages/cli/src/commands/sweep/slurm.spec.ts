import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LAYER_ROWS, readArrowFile, SUMMARY_ROWS, SummaryRow } from '@l2p/pruning';
import { readJson, RunManifest } from '@l2p/runtime';

// `l2p sweep --executor slurm` on a real Slurm: the single-node cluster of tools/slurm/local-cluster.sh (npm test
// provisions it, tools/scripts/ensure-slurm.js; `start` is idempotent). The demo smoke sweep at one b, agent and L1,
// runs once on this machine and once through Slurm from a user's own experiment file; the Slurm run's agent job is
// scancel-ed mid-job, its dependent baseline is cancelled by Slurm, and re-running the sweep resubmits only those
// two, the agent resuming from its layer checkpoint. Both runs' results must be the same numbers.
jest.setTimeout(900_000);

const root = path.join(__dirname, '..', '..', '..', '..', '..');
const bin = path.join(root, 'packages', 'cli', 'bin', 'l2p.js');
const env = { ...process.env, L2P_BACKEND: 'wasm' };
// One onnxruntime thread in both runs (a Slurm job with one CPU gets one), so float sums run in the same order.
const JOBS = ['--b', '1', '--methods', 'agent,l1', '--threads', '1', '--no-report'];

function l2p(args: string[], cwd = root): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 600_000, env });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** The columns that are results (not wall times or latencies, which differ between any two runs). */
function results(rows: SummaryRow[]): Record<string, unknown>[] {
  const keep = ['method', 'b', 'seed', 'status', 'filters_before', 'filters_after', 'params_after', 'macs_after', 'test_before', 'test_at_decision', 'test_after', 'drop', 'filters_pruned_pct'];
  return rows
    .map((r) => Object.fromEntries(keep.filter((k) => k in r).map((k) => [k, (r as Record<string, unknown>)[k]])))
    .sort((a, b) => String(a.method).localeCompare(String(b.method)));
}

const squeueState = (id: number): string | undefined =>
  (JSON.parse(spawnSync('squeue', ['--json'], { encoding: 'utf8' }).stdout) as { jobs: { job_id: number; job_state: string }[] }).jobs.find((j) => j.job_id === id)?.job_state;

async function until(what: string, test: () => boolean, ms = 300_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('sweep --executor slurm (local single-node cluster)', () => {
  let tmp: string;
  beforeAll(() => {
    const started = spawnSync('bash', [path.join(root, 'tools', 'slurm', 'local-cluster.sh'), 'start'], { encoding: 'utf8' });
    if (started.status !== 0) throw new Error(`local-cluster.sh start failed: ${started.stderr}`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-slurm-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('runs the smoke sweep with the same results as a local run; an scancel-ed job is resubmitted and resumes', async () => {
    // The local run.
    const local = l2p(['sweep', 'demo', '-c', 'smoke', '--runs-dir', path.join(tmp, 'runs-local'), ...JOBS]);
    expect(local.stderr).not.toMatch(/^error/m);
    expect(local.status).toBe(0);
    const localRows = readArrowFile(path.join(tmp, 'runs-local', 'demo-smoke', 'summary.arrow'), SUMMARY_ROWS);

    // The user's own file (the demo under another name, outside experiments/configs), submitted from its folder.
    const demo = JSON.parse(fs.readFileSync(path.join(root, 'experiments', 'configs', 'demo.json'), 'utf8')) as { name: string };
    const userDir = path.join(tmp, 'user');
    fs.mkdirSync(userDir);
    fs.writeFileSync(path.join(userDir, 'my-demo.json'), JSON.stringify({ ...demo, name: 'my-demo' }));
    const sweep = ['sweep', 'my-demo.json', '-c', 'smoke', '--runs-dir', 'runs', '--executor', 'slurm', '--slurm-cpus', '1', '--backend', 'wasm', ...JOBS];
    const submitted = l2p(sweep, userDir);
    expect(submitted.stderr).not.toMatch(/^error/m);
    expect(submitted.status).toBe(0);
    const ids = Object.fromEntries([...submitted.stdout.matchAll(/^(\S+)\t(\d+)\tsubmitted$/gm)].map((m) => [m[1], Number(m[2])]));
    expect(Object.keys(ids).sort()).toEqual(['agent-b1-s0', 'base', 'l1-b1-s0']);
    const expDir = path.join(userDir, 'runs', 'my-demo-smoke');
    // The jobs are given the experiment file (a copy in the run directory), the job itself (as JSON), the
    // configuration and the runs root.
    const script = fs.readFileSync(path.join(expDir, '.slurm', 'agent-b1-s0.sbatch'), 'utf8');
    expect(script).toContain(
      `job ${path.join(expDir, '.slurm', 'experiment.json')} --spec '{"kind":"prune","method":"agent","b":1,"seed":0}' --configuration smoke --runs-dir ${path.join(userDir, 'runs')}`,
    );
    expect(script).toMatch(/^#SBATCH --cpus-per-task=1$/m);

    // Cancel the agent job once it has checkpointed a layer: mid-job, with finished work to keep.
    const checkpoint = path.join(expDir, 'agent-b1-s0', 'checkpoint', 'model.json');
    await until('the agent job to checkpoint a layer', () => fs.existsSync(checkpoint));
    expect(spawnSync('scancel', [String(ids['agent-b1-s0'])]).status).toBe(0);
    await until('the agent job to be cancelled', () => squeueState(ids['agent-b1-s0']) === 'CANCELLED', 60_000);
    // Its baseline depended on it (afterok): Slurm cancels it instead of leaving it pending.
    await until('the baseline to be cancelled', () => squeueState(ids['l1-b1-s0']) === 'CANCELLED', 60_000);
    expect(squeueState(ids.base)).toBe('COMPLETED');
    const status = l2p(['sweep', 'status', 'my-demo.json', '-c', 'smoke', '--runs-dir', 'runs', '--b', '1', '--methods', 'agent,l1'], userDir);
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^agent-b1-s0 +running or interrupted \\(has a layer checkpoint\\) +${ids['agent-b1-s0']} CANCELLED`, 'm'));
    expect(status.stdout).toMatch(new RegExp(`^base +done +${ids.base} COMPLETED`, 'm'));

    // Re-running submits only the unfinished jobs, and waits for them.
    const again = l2p([...sweep, '--wait'], userDir);
    expect(again.stderr).not.toMatch(/^error/m);
    expect(again.status).toBe(0);
    expect(again.stderr).not.toMatch(/slurm: base submitted/);
    expect(again.stderr).toMatch(/slurm: agent-b1-s0 submitted as job \d+$/m);
    expect(again.stderr).toMatch(/slurm: l1-b1-s0 submitted as job \d+ \(afterok:\d+\)$/m);
    expect(again.stdout).toMatch(/ran 2 jobs, skipped 0 finished ones, 0 failed/);
    // The agent resumed: two attempts, the first ended by the cancellation, and every layer once.
    const manifest = readJson<RunManifest>(path.join(expDir, 'agent-b1-s0', 'manifest.json'));
    expect(manifest.status).toBe('done');
    expect(manifest.attempts?.length).toBe(2);
    const layers = readArrowFile(path.join(expDir, 'agent-b1-s0', 'layers.arrow'), LAYER_ROWS);
    expect(layers.map((r) => r.layer_index)).toEqual(Array.from({ length: 13 }, (_, i) => i));
    expect(fs.readdirSync(path.join(expDir, '.locks'))).toEqual([]);

    // Same seeds, same backend: the same numbers as the local run.
    const slurmRows = readArrowFile(path.join(expDir, 'summary.arrow'), SUMMARY_ROWS);
    expect(results(slurmRows)).toEqual(results(localRows));
    expect(results(slurmRows)).toHaveLength(2);
    // A third run finds everything finished and submits nothing.
    const third = l2p(sweep, userDir);
    expect(third.stdout).toMatch(/submitted 0 jobs, 0 already queued, skipped 2 finished ones/);
  });
});
