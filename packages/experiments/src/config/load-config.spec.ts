import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DATASETS, datasetOptionKeys, datasetSetOptions } from '@l2p/data';
import { ConfigError } from '@l2p/runtime';
import { datasetSchema } from './config-schema';
import { deepMerge, listExperiments, loadExperimentConfig } from './load-config';
import { planJobs } from '../jobs/jobs';

describe('experiment configs', () => {
  it('takes its data set names and set-specific keys from the data registry, and nothing else', () => {
    const shape = datasetSchema.innerType().shape;
    expect(shape.name.options).toEqual(DATASETS.names());
    const own = Object.keys(shape).filter((k) => datasetOptionKeys().includes(k));
    expect(own).toEqual(datasetOptionKeys());
    expect(datasetOptionKeys().length).toBeGreaterThan(0);
  });

  it('every shipped experiment validates in every configuration', () => {
    expect(listExperiments()).toEqual(['cifar-resnet', 'cifar-vgg', 'demo', 'seg-demo', 'voc-fcn']);
    for (const name of listExperiments()) {
      for (const c of ['paper', 'cpu', 'smoke'] as const) {
        const config = loadExperimentConfig(name, c);
        expect(config.name).toBe(name);
        expect(config.budgets.length).toBeGreaterThanOrEqual(2);
      }
    }
    expect(datasetSetOptions(loadExperimentConfig('voc-fcn', 'smoke').dataset)).toEqual({ scenes: { classes: 3, maxObjects: 2, minRadius: 0.3, maxRadius: 0.45, minSide: 64 } });
    const smoke = loadExperimentConfig('cifar-vgg', 'smoke');
    expect(smoke.dataset.name).toBe('generated-cifar10');
    expect(smoke.base.schedule).toEqual({ kind: 'constant' }); // a tagged variant is replaced, not merged
    expect(loadExperimentConfig('cifar-vgg', 'paper').base.schedule).toEqual({ kind: 'step', milestones: [80, 120], gamma: 0.1 });
  });

  describe('bad files', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-config-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const write = (mutate: (c: Record<string, unknown>) => void): string => {
      const config = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'experiments', 'configs', 'demo.json'), 'utf8'));
      mutate(config);
      const file = path.join(dir, 'x.json');
      fs.writeFileSync(file, JSON.stringify(config));
      return file;
    };

    it('names an unknown key with its path', () => {
      const file = write((c) => ((c.agent as Record<string, unknown>).learningrate = 0.1));
      expect(() => loadExperimentConfig(file)).toThrow(ConfigError);
      expect(() => loadExperimentConfig(file)).toThrow(/x\.json \[paper\]: agent: Unrecognized key\(s\) in object: 'learningrate'/);
    });

    it('names a bad value with its path and rule', () => {
      expect(() => loadExperimentConfig(write((c) => (c.budgets = [1, -2])))).toThrow(/budgets\.1: b must be greater than 0 \(the largest acceptable drop, in points\), got -2/);
      expect(() => loadExperimentConfig(write((c) => ((c.model as Record<string, unknown>).architecture = 'alexnet')))).toThrow(
        /model\.architecture: Invalid enum value\. Expected 'vgg16' \| 'resnet18' \| 'fcn32s' \| 'fcn32s-bn', received 'alexnet'/,
      );
      expect(() => loadExperimentConfig(write((c) => (c.agent = { minUpdates: 50, maxUpdates: 10 })))).toThrow(/x\.json \[paper\]: agent\.maxUpdates: must be ≥ minUpdates \(50\)$/);
    });

    it('refuses a renamed or removed key in one line naming the key and what to do', () => {
      const old = write((c) => {
        c.budget = { reference: 'base', guard: 'backtrack' };
        (c.agent as Record<string, unknown>).hidden = 64;
        ((c.configurations as Record<string, Record<string, unknown>>).smoke).references = [];
      });
      expect(() => loadExperimentConfig(old)).toThrow(ConfigError);
      expect(() => loadExperimentConfig(old)).toThrow(
        /^x\.json: budget: renamed budgetPolicy .*reference → measureFrom and guard → onBreach; agent\.hidden: removed .*; configurations\.smoke\.references: renamed referencePlans \(README: "Renamed and removed config keys"\)$/,
      );
    });

    it('validates the job lists with the same schema as sweep and prune: known methods, whole seeds, no duplicates', () => {
      expect(() => loadExperimentConfig(write((c) => (c.seeds = [0, 1.5])))).toThrow(/seeds\.1: a seed must be a whole number ≥ 0, got 1\.5/);
      expect(() => loadExperimentConfig(write((c) => (c.methods = ['agent', 'magnitude'])))).toThrow(
        /methods\.1: unknown method \(methods: agent, random, l1, taylor\), got magnitude/,
      );
      expect(() => loadExperimentConfig(write((c) => (c.budgets = [0])))).toThrow(/budgets\.0: b must be greater than 0/);
      const deduped = loadExperimentConfig(write((c) => Object.assign(c, { budgets: [1, 4, 1], seeds: [0, 0], methods: ['agent', 'l1', 'agent'] })));
      expect([deduped.budgets, deduped.seeds, deduped.methods]).toEqual([[1, 4], [0], ['agent', 'l1']]);
    });

    it('checks dataset.scenes key by key, across keys (with the generator\'s defaults) and against the data set', () => {
      const scenes = (value: Record<string, unknown>, name = 'generated-voc'): string =>
        write((c) => Object.assign(c.dataset as Record<string, unknown>, { name, cropSize: 64, scenes: value }));
      expect(datasetSetOptions(loadExperimentConfig(scenes({ classes: 3, maxObjects: 2, minRadius: 0.3, maxRadius: 0.45, minSide: 64 })).dataset).scenes).toEqual({
        classes: 3,
        maxObjects: 2,
        minRadius: 0.3,
        maxRadius: 0.45,
        minSide: 64,
      });
      expect(() => loadExperimentConfig(scenes({ classes: 21 }))).toThrow(/dataset\.scenes\.classes: Number must be less than or equal to 20/);
      expect(() => loadExperimentConfig(scenes({ radius: 0.3 }))).toThrow(/dataset\.scenes: Unrecognized key\(s\) in object: 'radius'/);
      // 0.4 alone is above the default maxRadius (0.30).
      expect(() => loadExperimentConfig(scenes({ minRadius: 0.4 }))).toThrow(/dataset\.scenes: object radii need 0 < minRadius ≤ maxRadius ≤ 1 \(fractions of the shorter side\), got 0\.4 and 0\.3/);
      expect(() => loadExperimentConfig(scenes({ minSide: 96 }))).toThrow(/dataset\.scenes: minSide \(96\) must be ≤ cropSize \(64\)/);
      expect(() => loadExperimentConfig(scenes({ classes: 3 }, 'mnist'))).toThrow(/dataset\.scenes: only 'generated-voc' takes scenes, not 'mnist'/);
    });

    it('takes a data set\'s own keys for that set only, under one rule for every such key (canvas as scenes)', () => {
      const given = (name: string, key: string, value: unknown): string => write((c) => Object.assign(c.dataset as Record<string, unknown>, { name, cropSize: 64, [key]: value }));
      expect(() => loadExperimentConfig(given('generated-voc', 'canvas', { voidBand: 2 }))).toThrow(/dataset\.canvas: only 'mnist-seg' takes canvas, not 'generated-voc'/);
      expect(() => loadExperimentConfig(given('cifar10', 'canvas', {}))).toThrow(/dataset\.canvas: only 'mnist-seg' takes canvas, not 'cifar10'/);
      expect(datasetSetOptions(loadExperimentConfig(given('mnist-seg', 'canvas', { voidBand: 2 })).dataset)).toEqual({ canvas: { voidBand: 2 } });
      // Every key any set declares is refused for every other set.
      for (const key of datasetOptionKeys()) {
        const others = DATASETS.names().filter((n) => !DATASETS.get(n).options?.[key]);
        expect(others.length).toBeGreaterThan(0);
        for (const name of others) expect(() => loadExperimentConfig(given(name, key, {}))).toThrow(new RegExp(`dataset\\.${key}: only '[^']+' takes ${key}, not '${name}'`));
      }
    });

    it('says which configurations exist and which experiments exist', () => {
      expect(() => loadExperimentConfig(write(() => undefined), 'cpu')).not.toThrow();
      const noCpu = write((c) => delete (c.configurations as Record<string, unknown>).cpu);
      expect(() => loadExperimentConfig(noCpu, 'cpu')).toThrow(/has no configuration 'cpu'/);
      expect(() => loadExperimentConfig('nope')).toThrow(/no experiment 'nope'/);
    });
  });

  it('merges objects key by key and replaces arrays', () => {
    expect(deepMerge({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] } })).toEqual({ a: { b: 1, c: [3] }, d: 1 });
  });

  it('plans the agent before the baselines that prune at its counts', () => {
    const config = loadExperimentConfig('cifar-vgg', 'smoke');
    const waves = planJobs(config);
    expect(waves[0].map((j) => (j.kind === 'prune' ? `${j.method}-${j.b}` : j.kind))).toEqual(['agent-1', 'agent-4', 'reference', 'uniform-l1']);
    expect(waves[1]).toHaveLength(6);
    expect(planJobs(config, { methods: ['l1'], budgets: [1] }).map((w) => w.length)).toEqual([1, 1]);
  });
});
