import { sbatchScript, shellWord } from './sbatch-script';
import { parseSqueueJson } from './slurm-client';

describe('sbatch scripts', () => {
  it('quotes every word bash would split or expand, and leaves plain ones alone', () => {
    expect(shellWord('/runs/demo-smoke/agent-b0.5-s0')).toBe('/runs/demo-smoke/agent-b0.5-s0');
    expect(shellWord("my runs/it's $HOME")).toBe(`'my runs/it'\\''s $HOME'`);
    expect(shellWord('')).toBe("''");
  });

  it('writes the directives given (and only those) and execs the job command', () => {
    const text = sbatchScript(
      {
        name: 'l2p:demo:agent-b1-s0',
        log: '/r/.slurm/agent-b1-s0-%j.out',
        cwd: '/home/u/my dir',
        argv: ['/usr/bin/node', 'l2p.js', 'job', '/r/.slurm/experiment.json', '--spec', '{"kind":"prune","method":"agent","b":1,"seed":0}'],
      },
      { partition: 'gpu', gres: 'gpu:1', wait: false },
    );
    const directives = text.split('\n').filter((l) => l.startsWith('#SBATCH'));
    expect(directives).toEqual([
      '#SBATCH --job-name=l2p:demo:agent-b1-s0',
      '#SBATCH --output=/r/.slurm/agent-b1-s0-%j.out',
      "#SBATCH '--chdir=/home/u/my dir'",
      '#SBATCH --nodes=1',
      '#SBATCH --ntasks=1',
      '#SBATCH --partition=gpu',
      '#SBATCH --gres=gpu:1',
      '#SBATCH --kill-on-invalid-dep=yes',
    ]);
    // The job's JSON is one single-quoted word (executors/job-as-data.spec.ts runs such scripts through bash).
    expect(text.trimEnd().split('\n').pop()).toBe(`exec /usr/bin/node l2p.js job /r/.slurm/experiment.json --spec '{"kind":"prune","method":"agent","b":1,"seed":0}'`);
  });

  it("reads squeue --json (Slurm 22.05's OpenAPI v0.0.38): ids, states, reasons, raw exit statuses", () => {
    const jobs = parseSqueueJson(
      JSON.stringify({
        meta: {},
        jobs: [
          { job_id: 7, name: 'l2p:x:base', job_state: 'FAILED', state_reason: 'NonZeroExitCode', exit_code: 768 },
          { job_id: 8, name: 'l2p:x:agent-b1-s0', job_state: 'CANCELLED', state_reason: 'DependencyNeverSatisfied', exit_code: 0 },
          { name: 'no id' },
        ],
      }),
    );
    expect([...jobs.keys()]).toEqual([7, 8]);
    expect(jobs.get(7)).toEqual({ id: 7, name: 'l2p:x:base', state: 'FAILED', reason: 'NonZeroExitCode', exitStatus: 768 });
    expect(jobs.get(8)?.reason).toBe('DependencyNeverSatisfied');
  });
});
