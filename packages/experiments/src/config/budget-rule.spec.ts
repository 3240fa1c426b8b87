import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { accuracyTerm, budgetProblem } from '@l2p/pruning';
import { ConfigError } from '@l2p/runtime';
import { loadExperimentConfig } from './load-config';
import { parseJobLists } from './job-lists';
import { parseJobId, parseJobSpecArg } from '../jobs/jobs';

/** The message `run` throws (a ConfigError unless `kind` says otherwise). */
function refusal(run: () => unknown, kind: new (...args: never[]) => Error = ConfigError): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(kind);
    return (err as Error).message;
  }
  throw new Error('accepted');
}

// One rule for b (packages/pruning/src/budget-rule.ts): every place a b enters refuses a bad one with the rule's own
// sentence, behind its own prefix naming where it came from. A second hand-written check that drifted (another
// bound, another wording) fails here.
describe('the one rule for b', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-budget-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const configWith = (b: number): string => {
    const demo = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'experiments', 'configs', 'demo.json'), 'utf8')) as Record<string, unknown>;
    const file = path.join(dir, 'x.json');
    fs.writeFileSync(file, JSON.stringify({ ...demo, budgets: [1, b] }));
    return file;
  };

  // Each as the command line, a job id and JSON spell it (the same digits, so each reads back the same number).
  it.each([
    ['0', /greater than 0/],
    ['150', /at most 100/],
    ['0.0000001', /at least 0\.000001/],
  ])('b = %s: the config, --b, a job id, --spec and the reward give the same sentence', (text, rule) => {
    const b = Number(text);
    const sentence = budgetProblem(b) as string;
    expect(sentence).toMatch(rule);
    expect(sentence).toMatch(new RegExp(`, got ${String(b)}$`));
    expect(refusal(() => loadExperimentConfig(configWith(b)))).toBe(`x.json [paper]: budgets.1: ${sentence}`);
    expect(refusal(() => parseJobLists({ budgets: text }, { budgets: '--b', seeds: '--seeds', methods: '--methods' }))).toBe(`--b ${text}: ${sentence}`);
    expect(refusal(() => parseJobId(`agent-b${text}-s0`))).toBe(`job id 'agent-b${text}-s0': ${sentence}`);
    const json = `{"kind":"prune","method":"agent","b":${text},"seed":0}`;
    expect(refusal(() => parseJobSpecArg(json))).toBe(`--spec ${json}: b: ${sentence}`);
    expect(refusal(() => accuracyTerm(90, 89, b), RangeError)).toBe(sentence);
  });

  it('accepts the same b everywhere, from the smallest decimal one to 100', () => {
    for (const b of [0.000001, 0.5, 1, 2.25, 100]) {
      expect(budgetProblem(b)).toBeUndefined();
      expect(parseJobLists({ budgets: String(b) }, { budgets: '--b', seeds: '--seeds', methods: '--methods' }).budgets).toEqual([b]);
      expect(parseJobId(`agent-b${b}-s0`)).toEqual({ kind: 'prune', method: 'agent', b, seed: 0 });
      expect(parseJobSpecArg(JSON.stringify({ kind: 'prune', method: 'agent', b, seed: 0 }))).toEqual({ kind: 'prune', method: 'agent', b, seed: 0 });
    }
  });
});
