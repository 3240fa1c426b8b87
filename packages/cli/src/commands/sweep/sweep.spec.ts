import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openVoc } from '@l2p/data';
import { DEPLOY_ROWS, LAYER_ROWS, readArrowFile, SUMMARY_ROWS } from '@l2p/pruning';
import { withBrowser } from '@l2p/report/testing';
import { jobCores, readJson, RunManifest } from '@l2p/runtime';

// The experiment targets run `l2p sweep <name>`; these tests run the same command on the smoke configurations
// (tiny generated data) in a temporary runs directory, as `nx run experiments:<name>:smoke` would.
jest.setTimeout(600_000);

const root = path.join(__dirname, '..', '..', '..', '..', '..');
const bin = path.join(root, 'packages', 'cli', 'bin', 'l2p.js');

function l2p(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 600_000, env: { ...process.env, L2P_BACKEND: 'wasm' } });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/**
 * The test-split mean IU (points) of a network that predicts background everywhere: background's IU is its share
 * of the scored pixels, every other class present scores 0, and absent classes do not count (as in the evaluator).
 */
async function allBackgroundMeanIu(runs: string): Promise<number> {
  const sets = fs.readdirSync(path.join(runs, '_generated')).filter((d) => d.startsWith('generated-voc-'));
  expect(sets).toHaveLength(1);
  const voc = openVoc(path.join(runs, '_generated', sets[0]));
  let background = 0;
  let scored = 0;
  const present = new Set<number>();
  for (const id of voc.splits.val) {
    for (const v of (await voc.loadSample(id)).label) {
      if (v === voc.voidLabel) continue;
      scored += 1;
      present.add(v);
      if (v === 0) background += 1;
    }
  }
  return (100 * background) / scored / present.size;
}

describe('experiment sweeps (smoke configurations)', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-sweep-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it.each([
    ['cifar-vgg', ['agent', 'random', 'l1', 'taylor', 'li-pruned-a']],
    ['cifar-resnet', ['agent', 'random', 'l1', 'taylor']],
    ['voc-fcn', ['agent', 'random', 'l1', 'taylor']],
  ])('%s:smoke runs every job, merges the summary and writes the report', async (experiment, methods) => {
    const runs = path.join(tmp, 'runs');
    const res = l2p(['sweep', experiment, '-c', 'smoke', '--runs-dir', runs, '--reports-dir', path.join(tmp, 'reports'), '--parallel', '2']);
    expect(res.stderr).not.toMatch(/^error/m);
    expect(res.status).toBe(0);
    const expDir = path.join(runs, `${experiment}-smoke`);
    const summary = readArrowFile(path.join(expDir, 'summary.arrow'), SUMMARY_ROWS);
    expect([...new Set(summary.map((r) => r.method))].sort()).toEqual([...methods].sort());
    const pruneRows = summary.filter((r) => r.method !== 'li-pruned-a');
    expect(pruneRows.map((r) => `${r.method}-${r.b}`).sort()).toEqual(
      methods.filter((m) => m !== 'li-pruned-a').flatMap((m) => [`${m}-${experiment === 'voc-fcn' ? 2 : 1}`, `${m}-${experiment === 'voc-fcn' ? 8 : 4}`]).sort(),
    );
    for (const row of summary) {
      expect(row.status).toBe('done');
      expect(row.params_after as number).toBeLessThanOrEqual(row.params_before as number);
      expect(row.metric).toBe(experiment === 'voc-fcn' ? 'mean-iu' : 'accuracy');
      const manifest = readJson<RunManifest>(path.join(expDir, row.run_id as string, 'manifest.json'));
      expect(manifest.status).toBe('done');
      expect(fs.existsSync(path.join(expDir, row.run_id as string, 'model', 'model.json'))).toBe(true);
      // Every pruned model is also written as ONNX, and its latency measured on both engines.
      expect(fs.statSync(path.join(expDir, row.run_id as string, 'model', 'model.onnx')).size).toBeGreaterThan(1000);
      const deploy = readArrowFile(path.join(expDir, row.run_id as string, 'deploy.arrow'), DEPLOY_ROWS);
      expect(deploy.map((d) => `${d.stage}/${d.engine}`).sort()).toEqual(['after/onnxruntime', 'after/tfjs', 'before/onnxruntime', 'before/tfjs']);
      expect(deploy.every((d) => (d.latency_ms as number) > 0 && (d.onnx_bytes as number) > 0)).toBe(true);
    }
    // --parallel 2: the workers share the cores, each with half of them as onnxruntime threads.
    const workerThreads = Math.max(1, Math.floor(jobCores() / 2));
    expect(res.stderr).toMatch(new RegExp(`^\\[agent-b[0-9.]+-s0\\] .*engine: onnxruntime 1\\.30\\.0, ${workerThreads} threads`, 'm'));
    // The base model learned (so masks can change its accuracy), and the agent pruned at every b, more at the
    // largest: a smoke sweep exercises pruning, not only bookkeeping. For voc-fcn, "learned" is against the mean IU
    // of predicting background everywhere: the base must beat it by more than the largest b (so a b-sized drop
    // can be told from a collapse), and the pruned agents must stay above it.
    const base = readJson<{ testMetric: number }>(path.join(expDir, 'base', 'base.json'));
    const agentRows = summary.filter((r) => r.method === 'agent').sort((a, b) => (a.b as number) - (b.b as number));
    if (experiment === 'voc-fcn') {
      const background = await allBackgroundMeanIu(runs);
      expect(base.testMetric - background).toBeGreaterThan(Math.max(...pruneRows.map((r) => r.b as number)));
      for (const row of agentRows) expect(row.test_after as number).toBeGreaterThan(background);
    } else {
      expect(base.testMetric).toBeGreaterThan(30); // 10 classes: chance is 10 %
    }
    for (const row of agentRows) expect(row.filters_after as number).toBeLessThan(row.filters_before as number);
    const [fewest, most] = [agentRows[0].filters_after as number, agentRows[agentRows.length - 1].filters_after as number];
    // voc-fcn's b are four-fold apart (2 and 8 mean-IU points), so there the larger b must prune strictly more.
    if (experiment === 'voc-fcn') expect(most).toBeLessThan(fewest);
    else expect(most).toBeLessThanOrEqual(fewest);
    // Baselines prune exactly as many filters per layer as the agent did at the same b.
    for (const b of new Set(pruneRows.map((r) => r.b))) {
      const counts = (method: string): string =>
        readArrowFile(path.join(expDir, `${method}-b${b}-s0`, 'layers.arrow'), LAYER_ROWS)
          .map((r) => `${r.layer}:${r.filters_after}`)
          .join(',');
      for (const m of ['random', 'l1', 'taylor']) expect(counts(m)).toBe(counts('agent'));
    }
    if (experiment === 'voc-fcn') {
      expect(fs.existsSync(path.join(expDir, 'agent-b2-s0', 'classes.arrow'))).toBe(true);
      const examples = readJson<{ items: { input: string }[] }>(path.join(expDir, 'agent-b2-s0', 'examples', 'examples.json'));
      expect(examples.items).toHaveLength(4);
    }
    // The report opens in a real browser from file:// with every chart drawn and one b-table row per b.
    const page = await withBrowser((open) => open(path.join(tmp, 'reports', `${experiment}-smoke`, 'index.html'), path.join(tmp, `${experiment}.png`)));
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([]);
    expect(page.charts.length).toBeGreaterThanOrEqual(4);
    expect(page.charts.every((c) => c.hasSvg)).toBe(true);
    expect(page.bRows.slice(0, 2)).toEqual(experiment === 'voc-fcn' ? ['2', '8'] : ['1', '4']);
    expect(page.brokenImages).toBe(0);
    if (experiment === 'voc-fcn') expect(page.images).toBeGreaterThanOrEqual(16);
    const ran = /ran (\d+) jobs, skipped 0 finished ones, 0 failed/.exec(res.stdout);
    expect(ran).not.toBeNull();
    // Running it again finds everything finished.
    const again = l2p(['sweep', experiment, '-c', 'smoke', '--runs-dir', runs, '--no-report']);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`ran 0 jobs, skipped ${ran?.[1]} finished ones`));
  });

  it('a sweep killed with SIGKILL mid-job and restarted completes every (b, seed, method) exactly once', async () => {
    const runs = path.join(tmp, 'runs-kill');
    const child = spawn(process.execPath, [bin, 'sweep', 'demo', '-c', 'smoke', '--runs-dir', runs, '--no-report', '--parallel', '1'], { cwd: root, stdio: 'ignore' });
    // Kill once the first agent job has checkpointed a layer: mid-job, with finished work to keep.
    const checkpoint = path.join(runs, 'demo-smoke', 'agent-b1-s0', 'checkpoint', 'model.json');
    const deadline = Date.now() + 300_000;
    while (!fs.existsSync(checkpoint) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(fs.existsSync(checkpoint)).toBe(true);
    const checkpointWrittenAt = fs.statSync(checkpoint).mtimeMs;
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    expect(readJson<RunManifest>(path.join(runs, 'demo-smoke', 'agent-b1-s0', 'manifest.json')).status).toBe('running');
    const res = l2p(['sweep', 'demo', '-c', 'smoke', '--runs-dir', runs, '--no-report']);
    expect(res.status).toBe(0);
    const summary = readArrowFile(path.join(runs, 'demo-smoke', 'summary.arrow'), SUMMARY_ROWS);
    const keys = summary.map((r) => `${r.method}-${r.b}-${r.seed}`).sort();
    expect(keys).toEqual([...new Set(keys)]);
    expect(keys).toEqual(['agent-1-0', 'agent-4-0', 'l1-1-0', 'l1-4-0', 'li-pruned-a-null-0', 'random-1-0', 'random-4-0', 'taylor-1-0', 'taylor-4-0'].sort());
    const layers = readArrowFile(path.join(runs, 'demo-smoke', 'agent-b1-s0', 'layers.arrow'), LAYER_ROWS);
    expect(layers.map((r) => r.layer_index)).toEqual(Array.from({ length: 13 }, (_, i) => i));
    // The resumed job's wall time counts both attempts: the killed one up to its checkpoint, and the second.
    const manifest = readJson<RunManifest>(path.join(runs, 'demo-smoke', 'agent-b1-s0', 'manifest.json'));
    expect(manifest.attempts?.length).toBe(2);
    const [first, second] = manifest.attempts ?? [];
    expect(Date.parse(first.endedAt as string)).toBeGreaterThanOrEqual(checkpointWrittenAt - 1000);
    const wall = summary.find((r) => r.run_id === 'agent-b1-s0')?.wall_ms as number;
    expect(wall).toBeGreaterThan(Date.parse(manifest.endedAt as string) - Date.parse(second.startedAt));
    expect(wall).toBeGreaterThanOrEqual((first.wallMs as number) + Date.parse(second.endedAt as string) - Date.parse(second.startedAt) - 5000);
  });

  it("a user's own experiment file runs with --parallel 2, and two sweeps at once on one runs directory run each job once", async () => {
    // The user's file: the demo experiment under another name, outside experiments/configs.
    const demo = JSON.parse(fs.readFileSync(path.join(root, 'experiments', 'configs', 'demo.json'), 'utf8')) as { name: string };
    const file = path.join(tmp, 'user', 'my-experiment.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ ...demo, name: 'my-experiment' }));
    const runs = path.join(tmp, 'runs-shared');
    const sweep = (parallel: string): Promise<{ code: number | null; out: string; err: string }> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [bin, 'sweep', file, '-c', 'smoke', '--runs-dir', runs, '--no-report', '--methods', 'agent,random', '--b', '1,4', '--parallel', parallel], {
          cwd: tmp,
          env: { ...process.env, L2P_BACKEND: 'wasm' },
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        child.on('close', (code) => resolve({ code, out, err }));
      });
    const [a, b] = await Promise.all([sweep('2'), sweep('1')]);
    expect(a.err).not.toMatch(/^error/m);
    expect(b.err).not.toMatch(/^error/m);
    expect([a.code, b.code]).toEqual([0, 0]);
    const logs = a.err + b.err;
    // One of them trained the base model; the other waited for it and reused it.
    expect(logs.match(/base model: training/g)).toHaveLength(1);
    expect(logs).toMatch(/base model: being trained by pid \d+ on .+; waiting for it/);
    // Every job ran once, in one of the two sweeps; the other said it left the job to the other process.
    const jobs = ['agent-b1-s0', 'agent-b4-s0', 'random-b1-s0', 'random-b4-s0'];
    for (const job of jobs) expect([job, (logs.match(new RegExp(`^job ${job}: done$`, 'gm')) ?? []).length]).toEqual([job, 1]);
    const ran = (out: string): number => Number(/ran (\d+) jobs/.exec(out)?.[1]);
    expect(ran(a.out) + ran(b.out)).toBe(4);
    expect(`${a.out}\n${b.out}`).toMatch(/ran \d+ jobs, skipped 0 finished ones, 0 failed, [1-4] run by another process/);
    const expDir = path.join(runs, 'my-experiment-smoke');
    const summary = readArrowFile(path.join(expDir, 'summary.arrow'), SUMMARY_ROWS);
    expect(summary.map((r) => r.run_id).sort()).toEqual(jobs);
    for (const job of jobs) expect(readJson<RunManifest>(path.join(expDir, job, 'manifest.json')).attempts).toHaveLength(1);
    expect(fs.readdirSync(path.join(expDir, '.locks'))).toEqual([]);
  });

  it('an experiment whose data is missing stops at once with the fetch command', () => {
    const started = Date.now();
    const res = l2p(['sweep', 'cifar-vgg', '--runs-dir', path.join(tmp, 'runs-missing'), '--no-report']);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/CIFAR-10/);
    expect(res.stderr).toMatch(/nx run datasets:cifar10/);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(fs.existsSync(path.join(tmp, 'runs-missing', 'cifar-vgg', 'base'))).toBe(false);
  });
});
