import { ConfigError } from '@l2p/runtime';
import { jobOfArgs } from './command';

// `l2p job` takes the job as data (--spec, what the executors pass); a job id or `base` is only a name typed by hand.
describe('l2p job: which job', () => {
  it('takes --spec as the job itself', () => {
    expect(jobOfArgs({ spec: '{"kind":"prune","method":"l1","b":0.5,"seed":2}' })).toEqual({ kind: 'prune', method: 'l1', b: 0.5, seed: 2 });
    expect(jobOfArgs({ spec: '{"kind":"reference","name":"li-pruned-a","seed":0}' })).toEqual({ kind: 'reference', name: 'li-pruned-a', seed: 0 });
    expect(jobOfArgs({ spec: '{"seed":0,"kind":"uniform-l1"}' })).toEqual({ kind: 'uniform-l1', seed: 0 });
  });

  it('reads a name typed by hand once, here', () => {
    expect(jobOfArgs({ job: 'agent-b1-s0' })).toEqual({ kind: 'prune', method: 'agent', b: 1, seed: 0 });
    expect(jobOfArgs({ job: 'base' })).toBe('base');
  });

  it.each([
    [{ spec: '{"kind":"reference","name":"li-pruned-a","b":1,"seed":0}' }, `--spec {"kind":"reference","name":"li-pruned-a","b":1,"seed":0}: a reference job is { kind, name, seed }: a fixed plan has no b`],
    [{ spec: '{"kind":"prune","method":"agent","b":0,"seed":0}' }, '--spec {"kind":"prune","method":"agent","b":0,"seed":0}: b: b must be greater than 0 (the largest acceptable drop, in points), got 0'],
    [{ spec: '{"kind":"prune","method":"agent","b":"1","seed":0}' }, '--spec {"kind":"prune","method":"agent","b":"1","seed":0}: b: b must be a number'],
    [{ spec: 'agent-b1-s0' }, /^--spec agent-b1-s0: not JSON \(.*\)$/],
    [{ job: 'agent-b1-s0', spec: '{"kind":"uniform-l1","seed":0}' }, 'give the job as <job> agent-b1-s0 or as --spec, not both'],
    [{}, /^give the job: --spec/],
  ])('refuses %j with one line', (args, message) => {
    expect(() => jobOfArgs(args)).toThrow(ConfigError);
    expect(() => jobOfArgs(args)).toThrow(message);
  });
});
