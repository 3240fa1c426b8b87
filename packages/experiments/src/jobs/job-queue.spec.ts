import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { silentLogger } from '@l2p/runtime';
import { runQueue } from './job-queue';

describe('runQueue with prerequisites', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-queue-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('starts a job as soon as its prerequisite is done, while other jobs still run', async () => {
    const done = new Set<string>();
    const events: string[] = [];
    const durations: Record<string, number> = { slowAgent: 120, fastAgent: 10, baselineOfFast: 10, baselineOfSlow: 10 };
    const needs: Record<string, string[]> = { baselineOfFast: ['fastAgent'], baselineOfSlow: ['slowAgent'] };
    const outcome = await runQueue(['slowAgent', 'fastAgent', 'baselineOfSlow', 'baselineOfFast'], {
      limit: 2,
      id: (x) => x,
      lockFile: (x) => path.join(dir, `${x}.lock`),
      isDone: (x) => done.has(x),
      prerequisites: (x) => needs[x] ?? [],
      logger: silentLogger,
      pollMs: 5,
      run: async (x) => {
        events.push(`start ${x}`);
        await new Promise((r) => setTimeout(r, durations[x]));
        done.add(x);
        events.push(`end ${x}`);
        return 'done';
      },
    });
    expect(outcome.failures).toEqual([]);
    expect(outcome.ran.sort()).toEqual(['baselineOfFast', 'baselineOfSlow', 'fastAgent', 'slowAgent']);
    // The fast agent's baseline ran while the slow agent was still running (no waiting for the whole wave) …
    expect(events.indexOf('start baselineOfFast')).toBeLessThan(events.indexOf('end slowAgent'));
    // … and the slow agent's baseline only after it.
    expect(events.indexOf('start baselineOfSlow')).toBeGreaterThan(events.indexOf('end slowAgent'));
  });

  it('does not run a job whose prerequisite failed, and says which', async () => {
    const outcome = await runQueue(['agent', 'baseline'], {
      limit: 2,
      id: (x) => x,
      lockFile: (x) => path.join(dir, `f-${x}.lock`),
      isDone: () => false,
      prerequisites: (x) => (x === 'baseline' ? ['agent'] : []),
      logger: silentLogger,
      pollMs: 5,
      run: async (x) => {
        throw new Error(`${x} broke`);
      },
    });
    expect(outcome.ran).toEqual([]);
    expect(outcome.failures.map((f) => [f.item, (f.error as Error).message])).toEqual([
      ['agent', 'agent broke'],
      ['baseline', 'not run: it needs job agent, which failed'],
    ]);
  });
});
