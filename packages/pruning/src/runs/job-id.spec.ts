import { ConfigError } from '@l2p/runtime';
import { DECIDERS } from '../deciders/registry';
import { REFERENCE_PLANS } from '../references/registry';
import { decodeJobId, encodeJobId, tryDecodeJobId } from './job-id';
import { agentJobOf, JobSpec, jobOfRunConfig, jobRunConfig, readJobSpec } from './job-spec';

// Every job the registries allow, over a grid of budgets and seeds: the codec's three spellings agree.
const specs: JobSpec[] = [
  ...DECIDERS.names().flatMap((method) => [0.5, 1, 2.25, 100].flatMap((b) => [0, 7].map((seed): JobSpec => ({ kind: 'prune', method, b, seed })))),
  ...REFERENCE_PLANS.names().map((name): JobSpec => ({ kind: 'reference', name, seed: 3 })),
  { kind: 'uniform-l1', seed: 0 },
];

describe('job id codec', () => {
  it.each(specs.map((s) => [encodeJobId(s), s] as const))('%s: id → job → id, and run config → job', (id, spec) => {
    expect(decodeJobId(id)).toEqual(spec);
    expect(encodeJobId(decodeJobId(id))).toBe(id);
    expect(jobOfRunConfig(JSON.parse(JSON.stringify(jobRunConfig(spec))))).toEqual(spec);
  });

  it('spells jobs as their directories are named', () => {
    expect(encodeJobId({ kind: 'prune', method: 'agent', b: 0.5, seed: 2 })).toBe('agent-b0.5-s2');
    expect(encodeJobId({ kind: 'reference', name: 'li-pruned-a', seed: 0 })).toBe('li-pruned-a-s0');
    expect(jobRunConfig({ kind: 'reference', name: 'li-pruned-a', seed: 0 })).toEqual({ method: 'li-pruned-a', b: null, seed: 0 });
  });

  it.each([
    ['agent-b01-s0', /not in canonical form \(agent-b1-s0\)/],
    ['agent-b0-s0', /b must be greater than 0 .*, got 0$/],
    ['agent-b101-s0', /b must be at most 100 .*, got 101$/],
    ['vgg-b1-s0', /not a job id/],
    ['li-pruned-a-s01', /canonical/],
    ['base', /not a job id/],
  ])('refuses %s with a ConfigError naming the rule', (id, message) => {
    expect(() => decodeJobId(id)).toThrow(ConfigError);
    expect(() => decodeJobId(id)).toThrow(message);
    expect(tryDecodeJobId(id)).toBeUndefined();
  });

  it('reads a job given as data by the same rules as its name, and refuses a fixed plan given a b', () => {
    for (const spec of specs) expect(readJobSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
    expect(readJobSpec({ kind: 'prune', method: 'agent', b: 0, seed: 0 })).toBe('b: b must be greater than 0 (the largest acceptable drop, in points), got 0');
    expect(readJobSpec({ kind: 'prune', method: 'agent', b: '1', seed: 0 })).toBe('b: b must be a number');
    expect(readJobSpec({ kind: 'prune', method: 'magnitude', b: 1, seed: 0 })).toMatch(/^method: unknown method \(methods: agent, .*\), got magnitude$/);
    expect(readJobSpec({ kind: 'prune', method: 'agent', seed: 0 })).toBe('b: Required');
    expect(readJobSpec({ kind: 'reference', name: 'li-pruned-a', b: 1, seed: 0 })).toBe('a reference job is { kind, name, seed }: a fixed plan has no b');
    expect(readJobSpec({ kind: 'uniform-l1', b: null, seed: 0 })).toBe('a uniform-l1 job is { kind, seed }: a fixed plan has no b');
    expect(readJobSpec({ kind: 'base' })).toMatch(/^kind: Invalid discriminator value/);
  });

  it('reads no job from a run config that names none', () => {
    expect(jobOfRunConfig({ method: 'agent', seed: 0 })).toBeUndefined(); // a prune method needs b
    expect(jobOfRunConfig({ method: 'fixture-method', b: 1, seed: 0 })).toBeUndefined();
    expect(jobOfRunConfig({ method: 'agent', b: '1', seed: 0 })).toBeUndefined();
  });

  it('ties each baseline to the agent job of its (b, seed), and nothing else to anything', () => {
    expect(agentJobOf({ kind: 'prune', method: 'l1', b: 2, seed: 1 })).toEqual({ kind: 'prune', method: 'agent', b: 2, seed: 1 });
    expect(agentJobOf({ kind: 'prune', method: 'agent', b: 2, seed: 1 })).toBeUndefined();
    expect(agentJobOf({ kind: 'reference', name: 'li-pruned-a', seed: 0 })).toBeUndefined();
  });
});
