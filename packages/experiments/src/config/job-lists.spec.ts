import { ConfigError } from '@l2p/runtime';
import { methodNames, parseJobLists } from './job-lists';
import { parseJobId } from '../jobs/jobs';

const SWEEP_FLAGS = { budgets: '--b', seeds: '--seeds', methods: '--methods' };

function refusal(raw: Parameters<typeof parseJobLists>[0]): string {
  try {
    parseJobLists(raw, SWEEP_FLAGS);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(raw)}`);
}

describe('job lists (one schema for the config file, sweep and prune)', () => {
  it('knows the methods of the pruning registry', () => {
    expect(methodNames()).toEqual(['agent', 'random', 'l1', 'taylor']);
  });

  it('parses lists, keeps their order and removes duplicates', () => {
    expect(parseJobLists({ budgets: '0.5, 2,1,2', seeds: '0,1,0', methods: 'l1,agent,l1' }, SWEEP_FLAGS)).toEqual({ budgets: [0.5, 2, 1], seeds: [0, 1], methods: ['l1', 'agent'] });
    expect(parseJobLists({ budgets: '1,1.0' }, SWEEP_FLAGS)).toEqual({ budgets: [1] });
    expect(parseJobLists({}, SWEEP_FLAGS)).toEqual({});
  });

  it('refuses bad values with one line naming the flag, the rule and the value', () => {
    const cases: [Parameters<typeof parseJobLists>[0], string][] = [
      [{ budgets: 'abc' }, "--b abc: 'abc' is not a number"],
      [{ budgets: '1,0x10' }, "--b 1,0x10: '0x10' is not a number"],
      [{ budgets: '0' }, '--b 0: b must be greater than 0 (the largest acceptable drop, in points), got 0'],
      [{ budgets: '-1' }, '--b -1: b must be greater than 0 (the largest acceptable drop, in points), got -1'],
      [{ budgets: '150' }, '--b 150: b must be at most 100 (points of a percentage), got 150'],
      [{ budgets: '1e-7' }, '--b 1e-7: b must be at least 0.000001, got 1e-7'],
      [{ budgets: ',' }, '--b ,: give at least one b'],
      [{ seeds: '1.5' }, '--seeds 1.5: a seed must be a whole number ≥ 0, got 1.5'],
      [{ seeds: '-1' }, '--seeds -1: a seed must be a whole number ≥ 0, got -1'],
      [{ seeds: '4294967296' }, '--seeds 4294967296: a seed must be below 2^32, got 4294967296'],
      [{ methods: 'agent,magnitude' }, '--methods agent,magnitude: unknown method (methods: agent, random, l1, taylor), got magnitude'],
    ];
    for (const [raw, message] of cases) expect(refusal(raw)).toBe(message);
  });

  it('gives job ids that parse back, and refuses job ids whose b the schema refuses', () => {
    for (const b of [0.5, 1, 2.25, 0.000001, 100]) expect(parseJobId(`agent-b${b}-s3`)).toEqual({ kind: 'prune', method: 'agent', b, seed: 3 });
    expect(() => parseJobId('agent-b0-s0')).toThrow(/job id 'agent-b0-s0': b must be greater than 0/);
  });
});
