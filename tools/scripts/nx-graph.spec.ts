/**
 * Nx sees the architecture (nx.json, eslint.config.mjs): the project graph has the edges the imports make, so
 * `^production` inputs and `nx affected` follow them, and the layering is a lint error on that graph.
 * Nx and ESLint run on a copy of the workspace in a temp directory (node_modules linked), so nothing here writes
 * into the repository, not even its .nx cache.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const nxBin = path.join(path.dirname(require.resolve('nx/package.json', { paths: [root] })), 'dist', 'bin', 'nx.js');

/** The package projects in their allowed order: each may depend only on those before it. */
const LAYERS = ['runtime', 'data', 'models', 'pruning', 'experiment-engine', 'report', 'cli'];
const PROJECTS = [...LAYERS, 'experiments', 'datasets', 'tools'];

/** The tracked and unignored files of the workspace, copied into a fresh temp directory. */
function copyWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-nx-graph-'));
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    const from = path.join(root, file);
    if (!fs.existsSync(from)) continue; // deleted in the work tree, not yet in the index
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, file));
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Runs the Nx CLI in `dir`; returns its stdout, throws with its output when it fails. */
function nx(dir: string, args: string[]): string {
  // Drop the NX_* variables of the run that started this test (NX_SKIP_NX_CACHE in CI, the task's own
  // NX_WORKSPACE_ROOT_PATH, …): they would switch the cache off or point Nx back at the repository.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('NX_')));
  Object.assign(env, {
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    // reason: plugin worker processes cost seconds per command on a busy 2-core machine; in-process is equivalent.
    NX_ISOLATE_PLUGINS: 'false',
    NX_CACHE_DIRECTORY: path.join(dir, '.nx', 'cache'),
  });
  const run = spawnSync(process.execPath, [nxBin, ...args], { cwd: dir, env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`nx ${args.join(' ')} exited ${run.status}:\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

interface GraphFile {
  graph: { dependencies: Record<string, { source: string; target: string; type: string }[]> };
}

describe('the Nx project graph', () => {
  let dir: string;
  let deps: Record<string, string[]>;
  beforeAll(() => {
    dir = copyWorkspace();
    nx(dir, ['graph', '--file=graph.json']);
    const { graph } = JSON.parse(fs.readFileSync(path.join(dir, 'graph.json'), 'utf8')) as GraphFile;
    deps = Object.fromEntries(
      Object.entries(graph.dependencies)
        .filter(([name]) => PROJECTS.includes(name))
        .map(([name, edges]) => [name, [...new Set(edges.map((e) => e.target))].sort()]),
    );
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists every package’s dependencies, each on a package before it', () => {
    expect(Object.keys(deps).sort()).toEqual([...PROJECTS].sort());
    LAYERS.forEach((name, i) => {
      if (i > 0) expect(deps[name].length).toBeGreaterThan(0);
      for (const target of deps[name]) expect(LAYERS.slice(0, i)).toContain(target);
    });
    // The spine of the layering, as the code imports it today.
    expect(deps['data']).toContain('runtime');
    expect(deps['models']).toContain('runtime');
    expect(deps['pruning']).toContain('models');
    expect(deps['experiment-engine']).toContain('pruning');
    expect(deps['report']).toContain('pruning');
    expect(deps['cli']).toEqual(expect.arrayContaining(['experiment-engine', 'report']));
    // Projects that run a package through a command (implicitDependencies).
    expect(deps['experiments']).toEqual(['cli']);
    expect(deps['datasets']).toEqual(['data']);
  });

  it('marks what is downstream of a change affected, and nothing upstream', () => {
    const affected = (file: string): string[] => (JSON.parse(nx(dir, ['show', 'projects', '--affected', `--files=${file}`, '--json'])) as string[]).sort();
    expect(affected('packages/runtime/src/index.ts')).toEqual([...PROJECTS].sort());
    const fromPruning = affected('packages/pruning/src/index.ts');
    expect(fromPruning).toEqual(expect.arrayContaining(['pruning', 'experiment-engine', 'report', 'cli', 'experiments']));
    for (const upstream of ['runtime', 'data', 'models', 'datasets']) expect(fromPruning).not.toContain(upstream);
    const fromCli = affected('packages/cli/src/index.ts');
    expect(fromCli).toContain('experiments');
    for (const upstream of LAYERS.slice(0, -1)) expect(fromCli).not.toContain(upstream);
  }, 120_000);

  it('refuses an import against the layering (@nx/enforce-module-boundaries on this graph)', () => {
    // ESLint loads eslint.config.mjs with import(), which jest's module sandbox cannot do: lint in a child process.
    const probe = `
      const { ESLint } = require('eslint');
      const cases = JSON.parse(process.argv[1]);
      (async () => {
        const eslint = new ESLint({ cwd: process.cwd() });
        const out = [];
        for (const [filePath, code] of cases) {
          const [result] = await eslint.lintText(code, { filePath });
          out.push(result.messages.map((m) => m.ruleId + ': ' + m.message));
        }
        process.stdout.write(JSON.stringify(out));
      })();`;
    const cases = [
      // upward and not a cycle today: only the tags say no
      ['packages/experiments/src/probe.ts', "import { generateReport } from '@l2p/report';\nexport const r = generateReport;\n"],
      // upward into a package that depends on runtime
      ['packages/runtime/src/probe.ts', "import { main } from '@l2p/cli';\nexport const m = main;\n"],
      // downward: allowed
      ['packages/report/src/probe.ts', "import { methodNames } from '@l2p/experiments';\nexport const m = methodNames;\n"],
    ];
    const run = spawnSync(process.execPath, ['-e', probe, JSON.stringify(cases)], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).not.toMatch(/Error/);
    const [experimentsToReport, runtimeToCli, reportToExperiments] = JSON.parse(run.stdout) as string[][];
    expect(experimentsToReport).toEqual([expect.stringMatching(/^@nx\/enforce-module-boundaries: A project tagged with "layer:experiments" can only depend on libs tagged with "layer:runtime", "layer:data", "layer:models", "layer:pruning"$/)]);
    expect(runtimeToCli).toEqual([expect.stringMatching(/^@nx\/enforce-module-boundaries: /)]);
    expect(reportToExperiments).toEqual([]);
  }, 120_000);
});

describe('the Nx cache', () => {
  let dir: string;
  beforeAll(() => {
    dir = copyWorkspace();
    // pruning:test with its inputs as they are, but a command that only counts its runs: a cache hit replays the
    // terminal output without running the command, so the count is what tells a hit from a run.
    const file = path.join(dir, 'packages', 'pruning', 'project.json');
    const project = JSON.parse(fs.readFileSync(file, 'utf8')) as { targets: { test: { options: { command: string } } } };
    project.targets.test.options.command = 'echo ran >> pruning-test-runs.log';
    fs.writeFileSync(file, JSON.stringify(project, null, 2));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const runs = (): number => fs.readFileSync(path.join(dir, 'pruning-test-runs.log'), 'utf8').split('\n').filter(Boolean).length;
  const touch = (file: string): void => fs.appendFileSync(path.join(dir, file), '\n// touched by nx-graph.spec\n');
  const runTest = (): string => nx(dir, ['run', 'pruning:test', '--outputStyle=static']);

  it('re-runs pruning:test after a change in runtime, and not after one in cli', () => {
    runTest();
    runTest();
    expect(runs()).toBe(1); // the second run is a cache hit
    touch('packages/runtime/src/index.ts'); // upstream of pruning, through models and directly
    runTest();
    expect(runs()).toBe(2);
    touch('packages/cli/src/index.ts'); // downstream of pruning
    runTest();
    expect(runs()).toBe(2);
  }, 120_000);
});
