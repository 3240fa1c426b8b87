import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { silentLogger, silentProgress } from '@l2p/runtime';
import { experimentFile, loadExperimentConfig } from '../config/load-config';
import { JobSpec, jobId, parseJobSpecArg, planJobs } from '../jobs/jobs';
import { workerArgv } from '../sweep/sweep';
import { submitSweep } from './slurm/slurm-executor';
import { SlurmClient } from './slurm/slurm-client';

// Both executors hand `l2p job` the job itself (`--spec <JSON>`), not its name to parse: the arguments a worker
// process or a batch script really receives (through bash's quoting, for Slurm) must read back to the same job.
// Here `l2p` is a stand-in that prints the arguments it was given.

/** The job `l2p job` would run from these arguments (after `job <experiment>`), and what else it was given. */
function jobOfArgv(argv: string[]): { spec: JobSpec; positional: string[] } {
  const at = argv.indexOf('job');
  const i = argv.indexOf('--spec');
  expect(i).toBeGreaterThan(at + 1);
  // `job <experiment>`, then options only: no positional job id.
  return { spec: parseJobSpecArg(argv[i + 1]), positional: argv.slice(at + 1, i) };
}

describe('executors give `l2p job` the job as data', () => {
  let tmp: string;
  let printArgs: string;
  const config = loadExperimentConfig('demo', 'smoke');
  // Every kind of job: agent and baselines with their b, the reference plan and the uniform-L1 curve without one.
  const jobs = planJobs(config).flat();
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-job-data-'));
    printArgs = path.join(tmp, 'print-args.js');
    fs.writeFileSync(printArgs, 'process.stdout.write(JSON.stringify(process.argv.slice(2)));\n');
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('plans every kind of job', () => {
    expect(new Set(jobs.map((s) => s.kind))).toEqual(new Set(['prune', 'reference', 'uniform-l1']));
  });

  it('local workers: the spawned argv carries the spec', () => {
    for (const spec of jobs) {
      const [command, ...args] = workerArgv({ experiment: '/x/demo.json', l2pCommand: [process.execPath, printArgs], workerArgs: ['--configuration', 'smoke'] }, spec);
      const res = spawnSync(command, args, { encoding: 'utf8' });
      const got = jobOfArgv(JSON.parse(res.stdout) as string[]);
      expect(got).toEqual({ spec, positional: ['/x/demo.json'] });
    }
  });

  it('Slurm: each batch script, run by bash, gives the spec through its quoting; the id only names the script', () => {
    const submitted: string[] = [];
    const client: SlurmClient = {
      submit: (script) => submitted.push(script),
      jobs: () => new Map(),
      cancel: () => undefined,
    };
    const expDir = path.join(tmp, 'runs', 'demo-smoke');
    submitSweep(
      {
        config,
        experiment: 'demo',
        experimentFile: experimentFile('demo'),
        configuration: 'smoke',
        runsRoot: path.join(tmp, 'runs'),
        expDir,
        jobs,
        backend: 'wasm',
        engine: 'tfjs',
        logLevel: 'info',
        fresh: false,
        l2pCommand: [process.execPath, printArgs],
        parallel: 1,
        slurm: { wait: false },
        progress: silentProgress,
        logger: silentLogger,
      },
      client,
    );
    expect(submitted.map((s) => path.basename(s, '.sbatch'))).toEqual(['base', ...jobs.map(jobId)]);
    const argvOf = (script: string): string[] => JSON.parse(spawnSync('bash', [script], { encoding: 'utf8' }).stdout) as string[];
    // The base model is not a job of the codec: its script names it, `base`.
    expect(argvOf(submitted[0]).slice(0, 3)).toEqual(['job', path.join(expDir, '.slurm', 'experiment.json'), 'base']);
    for (const [i, spec] of jobs.entries()) {
      expect(jobOfArgv(argvOf(submitted[i + 1]))).toEqual({ spec, positional: [path.join(expDir, '.slurm', 'experiment.json')] });
    }
    // JSON is single-quoted in the script, not left to bash's word splitting.
    expect(fs.readFileSync(submitted[1], 'utf8')).toContain(` --spec '${JSON.stringify(jobs[0])}' `);
  });
});
