/**
 * TEST FIXTURES — synthetic `runs/<experiment>/` trees for the report package's tests and for looking at the
 * page while developing it. Every number here is invented (shaped like a real sweep, nothing more); every
 * manifest carries `config.fixture: true`, and a report made from them says so in a banner. Never use these to
 * make a real report.
 */
import {
  CLASS_ROWS,
  ClassRow,
  DEPLOY_ROWS,
  DeployRow,
  FIRST_LAYER_ROWS,
  FirstLayerRow,
  LAYER_ROWS,
  LayerRow,
  SUMMARY_ROWS,
  SummaryRow,
  UNIFORM_ROWS,
  UniformRow,
  UPDATE_ROWS,
  UpdateRow,
  writeArrowFile,
} from '@l2p/pruning';
import { VOC_CLASS_NAMES, vocPalette } from '@l2p/data';
import { countModel, describeModel, type DescribeOptions, filterCount, type ModelDescription, pruneDescription, unitNames } from '@l2p/models';
import { configHash, Rng, RunManifest, writeFileAtomic, writeJsonAtomic } from '@l2p/runtime';
import * as path from 'path';
import { encodeRgbPng } from './png';

export interface FixtureJob {
  id: string;
  method: string;
  b: number;
  seed: number;
  status: 'done' | 'running';
}

export interface FixtureExperiment {
  /** runs/<experiment> */
  dir: string;
  experiment: string;
  jobs: FixtureJob[];
}

/** A network of the model zoo: its description, and the units (channel groups) a pruning run goes through. */
interface Arch {
  description: ModelDescription;
  names: string[];
  filters: number[];
}

function archOf(name: string, options: DescribeOptions): Arch {
  const description = describeModel(name, options);
  const names = unitNames(description);
  return { description, names, filters: names.map((unit) => filterCount(description, unit)) };
}

/** Parameters and MACs of the network with `kept[i]` filters in unit i (which ones does not change the count). */
function cost(arch: Arch, kept: readonly number[]): { params: number; macs: number } {
  const pruned = kept.reduce((d, k, i) => (k === arch.filters[i] ? d : pruneDescription(d, arch.names[i], Array.from({ length: k }, (_, j) => j))), arch.description);
  const { params, macs } = countModel(pruned);
  return { params, macs };
}

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

/** How much of layer i an agent removes at budget b: more with larger b, more in deeper layers. */
function prunedFraction(b: number, i: number, layers: number, rng: Rng): number {
  const level = 1 - Math.exp(-b / 1.6); // 0.27 at b=0.5, 0.71 at b=2, 0.92 at b=4
  const depth = 0.45 + (0.75 * i) / Math.max(1, layers - 1);
  return Math.min(0.94, Math.max(0, level * depth + 0.04 * rng.normal()));
}

interface Plan {
  kept: number[];
  keptIndices: number[][];
}

function agentPlan(arch: Arch, b: number, rng: Rng, firstLayer?: FirstLayerRow[]): Plan {
  const kept = arch.filters.map((n, i) => Math.max(1, Math.round(n * (1 - prunedFraction(b, i, arch.filters.length, rng)))));
  const keptIndices = kept.map((k, i) => {
    if (i === 0 && firstLayer) {
      // The agent's first-layer choice: mostly strong filters, not strictly by magnitude (the paper's point).
      const scored = firstLayer.map((f) => ({ f: f.filter as number, s: l1(f) * (0.6 + 0.8 * rng.next()) }));
      return scored.sort((x, y) => y.s - x.s || x.f - y.f).slice(0, k).map((x) => x.f).sort((x, y) => x - y);
    }
    return rng.permutation(arch.filters[i]).slice(0, k).sort((x, y) => x - y);
  });
  return { kept, keptIndices };
}

function l1(f: FirstLayerRow): number {
  return (f.values ?? []).reduce((s, v) => s + Math.abs(v), 0);
}

/** A baseline at the agent's per-layer counts: L1 keeps the largest filters (known for layer 0), others vary. */
function baselinePlan(method: string, arch: Arch, counts: number[], rng: Rng, firstLayer: FirstLayerRow[]): Plan {
  const keptIndices = counts.map((k, i) => {
    if (i === 0 && method === 'l1') return firstLayer.map((f) => ({ f: f.filter as number, s: l1(f) })).sort((x, y) => y.s - x.s || x.f - y.f).slice(0, k).map((x) => x.f).sort((x, y) => x - y);
    return rng.permutation(arch.filters[i]).slice(0, k).sort((x, y) => x - y);
  });
  return { kept: [...counts], keptIndices };
}

function firstLayerRows(arch: Arch, rng: Rng): FirstLayerRow[] {
  return Array.from({ length: arch.filters[0] }, (_, f) => {
    const strength = 0.15 + 0.85 * rng.next();
    const tint = [rng.normal(), rng.normal(), rng.normal()];
    const values = Array.from({ length: 27 }, (_, v) => round(strength * (0.6 * tint[v % 3] + 0.5 * rng.normal()) * 0.4, 5));
    return { layer: arch.names[0], filter: f, kernel: 3, in_channels: 3, values };
  });
}

interface ExperimentSpec {
  experiment: string;
  model: string;
  width: number;
  dataset: string;
  metric: 'accuracy' | 'mean-iu';
  arch: Arch;
  base: number;
  splits: { train: number; reward: number; test: number };
  methods: string[];
  bValues: number[];
  seeds: number[];
  /** How much worse than the agent each baseline's choice is, in units of b (at decision, after fine-tuning). */
  penalty: Record<string, [number, number]>;
  /** Jobs to leave unfinished after this many layers: "method|b|seed" → layers done. */
  incomplete: Record<string, number>;
}

const START = Date.parse('2025-06-02T21:00:00Z');

function writeExperiment(runsRoot: string, spec: ExperimentSpec, extra: (job: FixtureJob, dir: string, rng: Rng) => void): FixtureExperiment {
  const dir = path.join(runsRoot, spec.experiment);
  const rng = new Rng(7);
  const first = firstLayerRows(spec.arch, rng.fork('first-layer'));
  writeArrowFile(path.join(dir, 'base', 'first-layer.arrow'), FIRST_LAYER_ROWS, first);
  const full = cost(spec.arch, spec.arch.filters);
  const jobs: FixtureJob[] = [];
  const summaries: SummaryRow[] = [];
  const combos = [
    ...spec.bValues.flatMap((b) => spec.seeds.flatMap((seed) => spec.methods.map((method) => ({ method, b, seed })))),
    ...Object.keys(spec.incomplete)
      .map((k) => k.split('|'))
      .map(([method, b, seed]) => ({ method, b: Number(b), seed: Number(seed) }))
      .filter((c) => !spec.bValues.includes(c.b) || !spec.seeds.includes(c.seed)),
  ];
  const agentPlans = new Map<string, Plan>();
  combos.forEach(({ method, b, seed }, n) => {
    const config = { fixture: true, model: spec.model, width: spec.width, dataset: spec.dataset, method, b, seed, splits: spec.splits };
    const hash = configHash(config);
    const started = START + n * 47 * 60_000;
    const id = `${new Date(started).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${hash.slice(0, 8)}`;
    const layersDone = spec.incomplete[`${method}|${b}|${seed}`];
    const status: FixtureJob['status'] = layersDone === undefined ? 'done' : 'running';
    const job: FixtureJob = { id, method, b, seed, status };
    jobs.push(job);
    const jobRng = new Rng(seed).fork(`${spec.experiment}|${method}|${b}`);
    const key = `${b}|${seed}`;
    if (!agentPlans.has(key)) agentPlans.set(key, agentPlan(spec.arch, b, new Rng(seed).fork(`agent|${b}`), first));
    const agent = agentPlans.get(key) as Plan;
    const plan = method === 'agent' ? agent : baselinePlan(method, spec.arch, agent.kept, jobRng.fork('plan'), first);
    const nLayers = layersDone ?? spec.arch.filters.length;
    const [penDecision, penAfter] = spec.penalty[method] ?? [0, 0];
    const layers: LayerRow[] = [];
    const updates: UpdateRow[] = [];
    let p = spec.base + 1.1; // the reward split reads a little higher than the test split
    let wall = 0;
    for (let i = 0; i < nLayers; i++) {
      const N = spec.arch.filters[i];
      const k = plan.kept[i];
      const afterCounts = spec.arch.filters.map((f, j) => (j <= i ? plan.kept[j] : f));
      const c = cost(spec.arch, afterCounts);
      const isAgent = method === 'agent';
      const nUpdates = isAgent ? 18 + jobRng.int(40) : null;
      const pHat = p - b * (0.35 + 0.5 * jobRng.next()) * (1 + penDecision) * (k / N < 0.5 ? 1.3 : 0.8);
      const pAfter = p - b * 0.04 * (1 + penAfter) * (0.5 + jobRng.next());
      const layerWall = isAgent ? (nUpdates as number) * (700 + 500 * jobRng.next()) : 30_000 + 10_000 * jobRng.next();
      wall += layerWall;
      layers.push({
        run_id: id,
        method,
        b,
        seed,
        layer_index: i,
        layer: spec.arch.names[i],
        filters_before: N,
        filters_after: k,
        kept_indices: plan.keptIndices[i],
        p_before: round(p),
        p_reference: round(spec.base + 1.1),
        p_hat_decision: round(pHat),
        p_after_finetune: round(pAfter),
        params_after: c.params,
        macs_after: c.macs,
        agent_updates: nUpdates,
        stop_reason: isAgent ? (jobRng.next() < 0.8 ? 'converged' : jobRng.next() < 0.5 ? 'stable' : 'max-updates') : null,
        decision_source: isAgent ? (jobRng.next() < 0.85 ? 'threshold' : 'best-sample') : 'count',
        guard_restored: isAgent ? 0 : null,
        fine_tunes: 1,
        wall_ms: round(layerWall, 1),
      });
      if (isAgent) {
        const tau = (nUpdates as number) / 3.5;
        const final = Math.log(N / k) * 0.55;
        for (let t = 0; t < (nUpdates as number); t++) {
          const progress = 1 - Math.exp(-t / tau);
          updates.push({
            run_id: id,
            b,
            seed,
            layer: spec.arch.names[i],
            update: t,
            mean_reward: round(-0.15 + (final + 0.15) * progress + 0.05 * jobRng.normal(), 4),
            std_reward: round(0.1 + 0.2 * (1 - progress), 4),
            mean_p_hat: round(p - b * 0.5 * progress + 0.1 * jobRng.normal()),
            mean_keep_probability: round(0.9 - (0.9 - (k / N) * 0.95) * progress, 4),
            kept_thresholded: Math.max(1, Math.round(N - (N - k) * Math.min(1, progress * 1.15 + 0.04 * jobRng.normal()))),
            evaluated: t < 5 ? 6 : Math.max(0, 6 - Math.floor(t / 6)),
            wall_ms: round(700 + 500 * jobRng.next(), 1),
          });
        }
      }
      p = pAfter;
    }
    const jobDir = path.join(dir, id);
    writeArrowFile(path.join(jobDir, 'layers.arrow'), LAYER_ROWS, layers);
    if (updates.length > 0) writeArrowFile(path.join(jobDir, 'updates.arrow'), UPDATE_ROWS, updates);
    const manifest: RunManifest = {
      experiment: spec.experiment,
      runId: id,
      status,
      config,
      configHash: hash,
      seed,
      backend: { name: 'wasm', version: '4.22.0' },
      packages: { '@tensorflow/tfjs': '4.22.0' },
      gitRevision: 'f817cd1c0ffee0000000000000000000000fixture',
      host: { cpuModel: 'fixture CPU', cores: 2, memoryBytes: 8 * 2 ** 30, platform: 'linux', arch: 'x64', node: 'v20.20.2' },
      startedAt: new Date(started).toISOString(),
      endedAt: status === 'done' ? new Date(started + wall + 4 * 60_000).toISOString() : undefined,
    };
    writeJsonAtomic(path.join(jobDir, 'manifest.json'), manifest);
    if (status !== 'done') return;

    const filtersAfter = plan.kept.reduce((a, x) => a + x, 0);
    const filtersBefore = spec.arch.filters.reduce((a, x) => a + x, 0);
    const after = cost(spec.arch, plan.kept);
    const seedShift = 0.05 * new Rng(seed).normal();
    const testBefore = round(spec.base + seedShift);
    const dropAfter = b * (0.45 + 0.25 * jobRng.next()) * (1 + penAfter) - (spec.metric === 'mean-iu' ? 0.6 : 0);
    const dropDecision = b * (1.2 + 0.6 * jobRng.next()) * (1 + penDecision);
    const summary: SummaryRow = {
      experiment: spec.experiment,
      run_id: id,
      method,
      b,
      seed,
      model: spec.model,
      width: spec.width,
      dataset: spec.dataset,
      metric: spec.metric,
      backend: 'wasm 4.22.0',
      filters_before: filtersBefore,
      filters_after: filtersAfter,
      filters_pruned_pct: round((100 * (filtersBefore - filtersAfter)) / filtersBefore, 3),
      params_before: full.params,
      params_after: after.params,
      params_pruned_pct: round((100 * (full.params - after.params)) / full.params, 3),
      macs_before: full.macs,
      macs_after: after.macs,
      macs_pruned_pct: round((100 * (full.macs - after.macs)) / full.macs, 3),
      test_before: testBefore,
      test_at_decision: round(testBefore - dropDecision),
      test_after: round(testBefore - dropAfter),
      drop: round(dropAfter),
      contract_before: round(spec.base + 1.1),
      contract_after: round(spec.base + 1.1 - Math.min(b, dropAfter)),
      contract_drop: round(Math.min(b, dropAfter)),
      final_fine_tune: 'accepted',
      reward_split_size: spec.splits.reward,
      wall_ms: round(wall + 4 * 60_000, 1),
      status: 'done',
    };
    summaries.push(summary);
    writeArrowFile(path.join(jobDir, 'summary.arrow'), SUMMARY_ROWS, [summary]);
    const latency = 38 + 4 * jobRng.next();
    // Fixture figures: onnxruntime about five times as fast as tfjs, both shrinking with the MACs.
    const engines = [
      { engine: 'tfjs', scale: 1 },
      { engine: 'onnxruntime', scale: 0.2 },
    ];
    const deploy: DeployRow[] = engines.flatMap(({ engine, scale }) => [
      { run_id: id, method, b, seed, stage: 'before', engine, model_json_bytes: 9_412, weights_bytes: full.params * 4, gzip_bytes: Math.round(full.params * 4 * 0.93), onnx_bytes: full.params * 4 + 3_100, latency_ms: round(latency * scale), latency_batch: 32 },
      {
        run_id: id,
        method,
        b,
        seed,
        stage: 'after',
        engine,
        model_json_bytes: 9_388,
        weights_bytes: after.params * 4,
        gzip_bytes: Math.round(after.params * 4 * 0.93),
        onnx_bytes: after.params * 4 + 3_100,
        latency_ms: round(latency * scale * (0.12 + 0.88 * (after.macs / full.macs))),
        latency_batch: 32,
      },
    ]);
    writeArrowFile(path.join(jobDir, 'deploy.arrow'), DEPLOY_ROWS, deploy);
    extra(job, jobDir, jobRng.fork('extra'));
  });
  // The sweep's merged summary, as the experiment target writes it when it finishes a batch of jobs.
  writeArrowFile(path.join(dir, 'summary.arrow'), SUMMARY_ROWS, summaries);
  return { dir, experiment: spec.experiment, jobs };
}

/**
 * A CIFAR-10 VGG-16 sweep: b ∈ {0.5, 2} × seeds {1, 2} × agent/random/l1/taylor, a uniform L1 sweep, and one
 * agent job at b = 4 that stopped after 5 of 13 layers (status 'running', no summary).
 */
export function writeClassificationFixture(runsRoot: string, experiment = 'fixture-cifar-vgg'): FixtureExperiment {
  const arch = archOf('vgg16', { width: 0.25, numClasses: 10, inputShape: [32, 32, 3] });
  const spec: ExperimentSpec = {
    experiment,
    model: 'vgg16-cifar',
    width: 0.25,
    dataset: 'cifar10',
    metric: 'accuracy',
    arch,
    base: 90.84,
    splits: { train: 45_000, reward: 5_000, test: 10_000 },
    methods: ['agent', 'random', 'l1', 'taylor'],
    bValues: [0.5, 2],
    seeds: [1, 2],
    penalty: { agent: [0, 0], random: [1.6, 0.5], l1: [0.5, 0.15], taylor: [0.35, 0.1] },
    incomplete: { 'agent|4|1': 5 },
  };
  const result = writeExperiment(runsRoot, spec, () => undefined);
  const full = cost(arch, arch.filters);
  const uniform: UniformRow[] = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((ratio) => {
    const c = cost(
      arch,
      arch.filters.map((n) => Math.max(1, Math.round(n * (1 - ratio)))),
    );
    return {
      run_id: 'uniform-l1',
      ratio,
      params_after: ratio === 0 ? full.params : c.params,
      macs_after: ratio === 0 ? full.macs : c.macs,
      test_at_decision: round(spec.base - 80 * ratio ** 2.2),
      test_after: round(spec.base - 14 * ratio ** 3.2),
    };
  });
  writeArrowFile(path.join(result.dir, 'uniform.arrow'), UNIFORM_ROWS, uniform);
  return result;
}

function exampleImages(rng: Rng, size: number, b: number): { input: Uint8Array; truth: Uint8Array; before: Uint8Array; after: Uint8Array } {
  const labels = new Uint8Array(size * size);
  const cls = [15, 7, 12, 3][rng.int(4)];
  const cx = size * (0.35 + 0.3 * rng.next());
  const cy = size * (0.35 + 0.3 * rng.next());
  const r = size * (0.18 + 0.1 * rng.next());
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - cx, y - cy);
      labels[y * size + x] = d < r ? cls : Math.abs(d - r) < 1 ? 255 : 0;
    }
  }
  const palette = vocPalette();
  const paint = (mask: Uint8Array): Uint8Array => {
    const out = new Uint8Array(size * size * 3);
    mask.forEach((c, i) => out.set(palette[c], i * 3));
    return out;
  };
  const perturb = (amount: number, wrong: number): Uint8Array =>
    labels.map((c, i) => {
      const x = i % size;
      const y = Math.floor(i / size);
      const d = Math.hypot(x - cx, y - cy) + amount * Math.sin(x * 0.7 + y * 0.4);
      const inside = d < r * (1 - amount * 0.02);
      return c === 255 ? (inside ? cls : 0) : inside ? (x + y) % 11 === 0 && amount > 2 ? wrong : cls : 0;
    });
  const input = new Uint8Array(size * size * 3);
  for (let i = 0; i < size * size; i++) {
    const x = i % size;
    const y = Math.floor(i / size);
    const inObject = labels[i] === cls;
    const shade = inObject ? 150 + 60 * Math.sin(x * 0.5) : 90 + 50 * (y / size);
    input.set([Math.round(shade * 0.8), Math.round(shade * (inObject ? 0.6 : 0.9)), Math.round(inObject ? shade * 0.5 : 140)], i * 3);
  }
  return { input, truth: paint(labels), before: paint(perturb(1.5, 0)), after: paint(perturb(1.5 + b, 8)) };
}

/**
 * A Pascal VOC FCN-32s sweep: b ∈ {1, 3} × seed 1 × agent/l1, with per-class IU (classes.arrow) and two tiny
 * example images per agent job (examples/*.png in the VOC palette, indexed by examples.json).
 */
export function writeSegmentationFixture(runsRoot: string, experiment = 'fixture-voc-fcn'): FixtureExperiment {
  const spec: ExperimentSpec = {
    experiment,
    model: 'fcn32s',
    width: 0.25,
    dataset: 'voc2012',
    metric: 'mean-iu',
    arch: archOf('fcn32s', { width: 0.25, numClasses: 21, inputShape: [64, 64, 3] }),
    base: 48.6,
    splits: { train: 1_264, reward: 200, test: 1_449 },
    methods: ['agent', 'l1'],
    bValues: [1, 3],
    seeds: [1],
    penalty: { agent: [0, 0], l1: [0.6, 0.2] },
    incomplete: {},
  };
  const absent = new Set([10]); // 'cow' never appears in this made-up test split
  const baseIu = VOC_CLASS_NAMES.map((_, i) => (absent.has(i) ? null : round(i === 0 ? 86.3 : 25 + ((i * 37) % 50), 1)));
  return writeExperiment(runsRoot, spec, (job, dir, rng) => {
    const classes: ClassRow[] = VOC_CLASS_NAMES.flatMap((name, i) => [
      { run_id: job.id, method: job.method, b: job.b, seed: job.seed, stage: 'before', class_index: i, class_name: name, iu: baseIu[i] },
      {
        run_id: job.id,
        method: job.method,
        b: job.b,
        seed: job.seed,
        stage: 'after',
        class_index: i,
        class_name: name,
        iu: baseIu[i] === null ? null : round(Math.max(0, (baseIu[i] as number) - job.b * (rng.next() - 0.3) * 2), 1),
      },
    ]);
    writeArrowFile(path.join(dir, 'classes.arrow'), CLASS_ROWS, classes);
    if (job.method !== 'agent') return;
    const items = ['2007_000129', '2007_000346'].map((id) => {
      const images = exampleImages(new Rng(11).fork(id), 32, job.b);
      for (const key of ['input', 'truth', 'before', 'after'] as const) {
        writeFileAtomic(path.join(dir, 'examples', `${id}-${key}.png`), encodeRgbPng(32, 32, images[key]));
      }
      return { id, input: `${id}-input.png`, truth: `${id}-truth.png`, before: `${id}-before.png`, after: `${id}-after.png` };
    });
    writeJsonAtomic(path.join(dir, 'examples', 'examples.json'), { items });
  });
}
