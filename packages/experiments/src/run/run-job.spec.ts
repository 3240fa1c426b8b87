import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeModel } from '@l2p/models';
import { PruneRunOptions, runPruning } from '@l2p/pruning';
import { silentLogger, silentProgress } from '@l2p/runtime';
import { loadExperimentConfig } from '../config/load-config';
import { JobSpec } from '../jobs/jobs';
import { ExperimentContext } from './context';
import { runJob } from './run-job';

// runPruning is replaced by a recorder that stops the job once it has been called: what this checks is what a
// job asks of the pipeline, not the pruning (the smoke sweeps check that, against the results of earlier code).
jest.mock('@l2p/pruning', () => ({ ...jest.requireActual('@l2p/pruning'), runPruning: jest.fn() }));
const STOP = 'stopped after runPruning was called';

describe('runJob: what a job gives the pipeline', () => {
  let tmp: string;
  let ctx: ExperimentContext;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-run-job-'));
    const config = loadExperimentConfig('cifar-vgg', 'smoke');
    // Only what runJob reads before it calls runPruning; nothing here trains or evaluates.
    ctx = {
      experiment: 'cifar-vgg-smoke',
      configuration: 'smoke',
      config,
      runsRoot: tmp,
      expDir: path.join(tmp, 'cifar-vgg-smoke'),
      data: { name: 'fake', sizes: { train: 1, reward: 1, test: 1 }, fineTune: () => undefined, classNames: [] },
      base: { description: describeModel('vgg16', { width: config.model.width }), weights: {} },
      reward: {},
      guard: null,
      trainSample: {},
      backend: { name: 'wasm', version: 'test' },
      engine: { name: 'tfjs' },
      progress: silentProgress,
      logger: silentLogger,
    } as unknown as ExperimentContext;
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** The options of the first runPruning call of `spec`'s job. */
  async function optionsOf(spec: JobSpec): Promise<PruneRunOptions> {
    const recorder = jest.mocked(runPruning);
    recorder.mockReset();
    recorder.mockRejectedValue(new Error(STOP));
    await expect(runJob(ctx, spec)).rejects.toThrow(STOP);
    expect(recorder).toHaveBeenCalled();
    return recorder.mock.calls[0][0];
  }

  it('a prune job passes its b', async () => {
    const options = await optionsOf({ kind: 'prune', method: 'agent', b: 2.5, seed: 0 });
    expect([options.method, options.b, options.runId]).toEqual(['agent', 2.5, 'agent-b2.5-s0']);
  });

  it.each<JobSpec>([
    { kind: 'reference', name: 'li-pruned-a', seed: 0 },
    { kind: 'uniform-l1', seed: 0 },
  ])('a fixed plan ($kind) passes no b: nothing stands for the b it does not have', async (spec) => {
    const options = await optionsOf(spec);
    expect(options.b).toBeUndefined();
    expect(options.keepCounts).toBeDefined();
    expect(options.runId).toBe(spec.kind === 'reference' ? 'li-pruned-a-s0' : 'uniform-l1-s0');
  });
});
