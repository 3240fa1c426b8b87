import * as fs from 'fs';
import * as path from 'path';
import { countModel, disposeWeights, exportOnnx, filterCount, ModelDescription, removeFilters, saveModel, sgdRecipe, trainModel, unitNames, Weights } from '@l2p/models';
import {
  agentJobOf,
  CLASS_ROWS,
  jobRunConfig,
  REFERENCE_PLANS,
  ClassRow,
  DEPLOY_ROWS,
  DeployRow,
  FineTuner,
  keepCountsOf,
  LAYER_ROWS,
  LayerRow,
  makeFineTuner,
  PruneRunOptions,
  readArrowFile,
  runPruning,
  SUMMARY_ROWS,
  SummaryRow,
  UNIFORM_ROWS,
  UniformRow,
  UPDATE_ROWS,
  UpdateRow,
  writeArrowFile,
} from '@l2p/pruning';
import { ConfigError, EngineName, hashString32, readJson, RunDir, RunManifest } from '@l2p/runtime';
import { ExperimentContext } from './context';
import { footprint, measureLatencyPairMs, MODEL_ONNX } from './deployment';
import { JobSpec, jobId } from '../jobs/jobs';
import { evaluatePoints } from './metrics';
import { writeSegmentationExamples } from './segmentation-examples';

export function jobDir(ctx: Pick<ExperimentContext, 'expDir'>, spec: JobSpec): string {
  return path.join(ctx.expDir, jobId(spec));
}

export function isJobDone(dir: string): boolean {
  const file = path.join(dir, 'manifest.json');
  return fs.existsSync(file) && readJson<RunManifest>(file).status === 'done';
}

function layersOf(ctx: ExperimentContext): string[] {
  return ctx.config.layers ?? unitNames(ctx.base.description);
}

function filtersIn(description: ModelDescription, layers: string[]): number {
  return layers.reduce((s, l) => s + filterCount(description, l), 0);
}

/** The base network with the given per-layer kept filters removed and no fine-tuning at all. */
function cutWithoutFineTuning(base: { description: ModelDescription; weights: Weights }, rows: readonly LayerRow[]): { description: ModelDescription; weights: Weights } {
  let description = base.description;
  let weights = base.weights;
  for (const row of rows) {
    const next = removeFilters(description, weights, row.layer as string, row.kept_indices as number[]);
    if (weights !== base.weights) disposeWeights(weights);
    description = next.description;
    weights = next.weights;
  }
  return { description, weights };
}

/** The fine-tuning after the last layer, when the experiment has one. */
function finalFineTuner(ctx: ExperimentContext, seed: number): FineTuner | undefined {
  const recipe = ctx.config.finalFineTune;
  const source = ctx.data.finalFineTune;
  if (!recipe || !source || recipe.epochs === 0) return undefined;
  return makeFineTuner(source, { ...sgdRecipe(recipe), seed });
}

/**
 * Runs one job in `runs/<experiment>/<job-id>/`, resuming from its last layer checkpoint if it was killed, and
 * writes its Arrow tables and the pruned model there. A finished job is left alone.
 */
export async function runJob(ctx: ExperimentContext, spec: JobSpec): Promise<'done' | 'skipped'> {
  const id = jobId(spec);
  const dir = jobDir(ctx, spec);
  if (isJobDone(dir)) return 'skipped';
  const seed = spec.seed;
  const { method, b } = jobRunConfig(spec);
  const runConfig = {
    experiment: ctx.experiment,
    configuration: ctx.configuration,
    // (method, b, seed): the job codec's run configuration, so the report reads back the job this is.
    ...jobRunConfig(spec),
    // From the base network, not the config: an imported model (`l2p prune --model`) is none of the architectures.
    model: ctx.base.description.architecture,
    width: ctx.base.description.width,
    dataset: ctx.data.name ?? ctx.config.dataset.name,
    splits: ctx.data.sizes,
    experimentConfig: ctx.config,
  };
  const resuming = fs.existsSync(path.join(dir, 'manifest.json'));
  const run = resuming
    ? RunDir.resume(dir)
    : RunDir.create({ root: ctx.runsRoot, experiment: ctx.experiment, runId: id, config: runConfig, seed, backend: ctx.backend });
  await run.track(async () => {
    if (spec.kind === 'uniform-l1') return runUniform(ctx, run, seed);
    const reference = spec.kind === 'reference' ? REFERENCE_PLANS.get(spec.name).keepCounts(ctx.base.description) : undefined;
    const layers = reference ? Object.keys(reference) : layersOf(ctx);
    let keepCounts: Record<string, number> | undefined = reference;
    const agent = agentJobOf(spec);
    if (agent) {
      const agentLayers = path.join(ctx.expDir, jobId(agent), 'layers.arrow');
      if (!fs.existsSync(agentLayers)) throw new ConfigError(`${id} prunes at the agent's counts, but ${agentLayers} does not exist yet`);
      keepCounts = keepCountsOf(readArrowFile(agentLayers, LAYER_ROWS));
    }
    const result = await runPruning({
      method: spec.kind === 'reference' ? 'l1' : spec.method,
      label: spec.kind === 'reference' ? spec.name : undefined,
      runId: id,
      // Only a prune job has a b; a reference plan is given its counts and has none.
      b: spec.kind === 'prune' ? spec.b : undefined,
      ...fromBase(ctx, seed, layers),
      guard: ctx.guard ?? undefined,
      keepCounts,
      fineTune: makeFineTuner((i) => ctx.data.fineTune(i), { ...sgdRecipe(ctx.config.fineTune), seed }),
      finalFineTune: finalFineTuner(ctx, seed),
      budgetPolicy: ctx.config.budgetPolicy,
      agent: ctx.config.agent,
      checkpointDir: run.file('checkpoint'),
      resume: resuming,
      maxImagesPerPass: ctx.config.advanced.maxImagesPerPass,
      progress: ctx.progress,
    });
    const layerRows = result.layerRows.map((r) => ({ ...r, run_id: id, b }));
    const cut = cutWithoutFineTuning(ctx.base, layerRows);
    const atDecision = await evaluatePoints(cut.description, cut.weights, ctx.data.test, ctx.progress, `${id} test (no fine-tuning)`);
    if (cut.weights !== ctx.base.weights) disposeWeights(cut.weights);
    const after = await evaluatePoints(result.description, result.weights, ctx.data.test, ctx.progress, `${id} test`);
    await writeResults(ctx, run, {
      id,
      method,
      b,
      seed,
      layers,
      layerRows,
      updateRows: result.updateRows.map((u) => ({ ...u, run_id: id, b })),
      description: result.description,
      weights: result.weights,
      testAtDecision: atDecision.points,
      testAfter: after.points,
      heldoutBefore: result.contractBase,
      heldoutAfter: result.contractFinal,
      finalFineTune: result.finalFineTune,
      perClassAfter: after.result.task === 'segmentation' ? after.result.perClassIoU : null,
      // Over every attempt: a job resumed after a crash took the time of all of them.
      wallMs: run.elapsedMs(),
    });
    disposeWeights(result.weights);
    fs.rmSync(run.file('checkpoint'), { recursive: true, force: true });
  });
  return 'done';
}

interface JobResults {
  id: string;
  method: string;
  b: number | null;
  seed: number;
  layers: string[];
  layerRows: LayerRow[];
  updateRows: UpdateRow[];
  description: ModelDescription;
  weights: Weights;
  testAtDecision: number;
  testAfter: number;
  /** Reward-split (held-out training data) metric of the base and the final network: the budget contract. */
  heldoutBefore: number;
  heldoutAfter: number;
  finalFineTune: string;
  perClassAfter: (number | null)[] | null;
  wallMs: number;
}

async function writeResults(ctx: ExperimentContext, run: RunDir, r: JobResults): Promise<void> {
  const base = ctx.base;
  const before = countModel(base.description);
  const afterCount = countModel(r.description);
  const filtersBefore = filtersIn(base.description, r.layers);
  const filtersAfter = filtersIn(r.description, r.layers);
  const pct = (a: number, b: number): number => (a > 0 ? (100 * (a - b)) / a : 0);
  const summary: SummaryRow = {
    experiment: ctx.experiment,
    run_id: r.id,
    method: r.method,
    b: r.b,
    seed: r.seed,
    model: base.description.architecture,
    width: base.description.width,
    dataset: ctx.data.name ?? ctx.config.dataset.name,
    metric: ctx.data.task === 'classification' ? 'accuracy' : 'mean-iu',
    backend: `${ctx.backend.name} ${ctx.backend.version}`,
    filters_before: filtersBefore,
    filters_after: filtersAfter,
    filters_pruned_pct: pct(filtersBefore, filtersAfter),
    params_before: before.params,
    params_after: afterCount.params,
    params_pruned_pct: pct(before.params, afterCount.params),
    macs_before: before.macs,
    macs_after: afterCount.macs,
    macs_pruned_pct: pct(before.macs, afterCount.macs),
    test_before: base.info.testMetric,
    test_at_decision: r.testAtDecision,
    test_after: r.testAfter,
    drop: base.info.testMetric - r.testAfter,
    heldout_before: r.heldoutBefore,
    heldout_after: r.heldoutAfter,
    heldout_drop: r.heldoutBefore - r.heldoutAfter,
    final_fine_tune: r.finalFineTune,
    reward_split_size: ctx.data.sizes.reward,
    wall_ms: r.wallMs,
    status: 'done',
  };
  // model.onnx (the same network for onnxruntime & co.) goes into the same atomic directory as model.json.
  await saveModel(run.file('model'), { description: r.description, weights: r.weights }, { [MODEL_ONNX]: exportOnnx(r.description, r.weights) });
  const baseFoot = { ...footprint(path.join(base.dir, 'model')), onnxBytes: exportOnnx(base.description, base.weights).length };
  const prunedFoot = footprint(run.file('model'));
  const batch = ctx.config.latencyBatch;
  // Latency on tfjs (the tf.js model on the backend) and, when it is the engine in use, on onnxruntime.
  const engines: EngineName[] = ctx.engine.name === 'tfjs' ? ['tfjs'] : ['tfjs', ctx.engine.name];
  const deploy: DeployRow[] = [];
  for (const engine of engines) {
    const latency = await measureLatencyPairMs(base, { description: r.description, weights: r.weights }, batch, engine);
    for (const d of [
      { stage: 'before', foot: baseFoot, latency: latency.before },
      { stage: 'after', foot: prunedFoot, latency: latency.after },
    ]) {
      deploy.push({
        run_id: r.id,
        method: r.method,
        b: r.b,
        seed: r.seed,
        stage: d.stage,
        engine,
        model_json_bytes: d.foot.modelJsonBytes,
        weights_bytes: d.foot.weightsBytes,
        gzip_bytes: d.foot.gzipBytes,
        onnx_bytes: d.foot.onnxBytes,
        latency_ms: d.latency,
        latency_batch: batch,
      });
    }
  }
  writeArrowFile(run.file('layers.arrow'), LAYER_ROWS, r.layerRows);
  writeArrowFile(run.file('updates.arrow'), UPDATE_ROWS, r.updateRows);
  writeArrowFile(run.file('deploy.arrow'), DEPLOY_ROWS, deploy);
  if (r.perClassAfter && base.info.perClassIoU) {
    const rows: ClassRow[] = [];
    for (const [stage, ious] of [['before', base.info.perClassIoU], ['after', r.perClassAfter]] as const) {
      ious.forEach((iu, c) =>
        rows.push({ run_id: r.id, method: r.method, b: r.b, seed: r.seed, stage, class_index: c, class_name: ctx.data.classNames[c] ?? String(c), iu: iu === null ? null : 100 * iu }),
      );
    }
    writeArrowFile(run.file('classes.arrow'), CLASS_ROWS, rows);
    await writeSegmentationExamples(run.dir, ctx.data, base, { description: r.description, weights: r.weights });
  }
  // Written last: a job counts as finished only when its summary exists (and its manifest says done).
  writeArrowFile(run.file('summary.arrow'), SUMMARY_ROWS, [summary]);
}

/** What every pruning run of a job shares: the base network, its splits, the scoring and the engine. */
function fromBase(ctx: ExperimentContext, seed: number, layers: string[]) {
  return {
    seed,
    description: ctx.base.description,
    weights: ctx.base.weights,
    layers,
    reward: ctx.reward,
    trainSample: ctx.trainSample,
    scoring: ctx.config.scoring,
    engine: ctx.engine.name,
  } satisfies Partial<PruneRunOptions>;
}

/** The uniform-ratio L1 curve: the same fraction of filters removed in every layer at once, then one fine-tuning. */
async function runUniform(ctx: ExperimentContext, run: RunDir, seed: number): Promise<void> {
  const ratios = ctx.config.uniformL1?.ratios ?? [];
  const layers = layersOf(ctx);
  const rows: UniformRow[] = [];
  for (const ratio of ratios) {
    const keepCounts = Object.fromEntries(
      layers.map((l) => [l, Math.max(1, Math.round((1 - ratio) * filterCount(ctx.base.description, l)))]),
    );
    // A fixed plan: its counts are given, it has no b.
    const cut = await runPruning({
      method: 'l1',
      runId: run.id,
      ...fromBase(ctx, seed, layers),
      keepCounts,
      fineTune: async (_d, w) => w,
    });
    const atDecision = await evaluatePoints(cut.description, cut.weights, ctx.data.test, ctx.progress, `uniform ${ratio} test (no fine-tuning)`);
    // One fine-tuning of the whole cut network: the final fine-tuning's recipe when the experiment has one (as Li et
    // al. retrain), else one per-layer fine-tuning pass.
    const recipe = ctx.config.finalFineTune ?? ctx.config.fineTune;
    const tuned =
      recipe.epochs > 0
        ? (
            await trainModel({
              description: cut.description,
              initialWeights: cut.weights,
              train: ctx.data.finalFineTune ?? ctx.data.fineTune(0),
              ...sgdRecipe(recipe),
              seed: hashString32(`${seed}:uniform:${ratio}`),
              progress: ctx.progress,
            })
          ).weights
        : cut.weights;
    const after = await evaluatePoints(cut.description, tuned, ctx.data.test, ctx.progress, `uniform ${ratio} test`);
    const count = countModel(cut.description);
    rows.push({ run_id: run.id, ratio, params_after: count.params, macs_after: count.macs, test_at_decision: atDecision.points, test_after: after.points });
    if (tuned !== cut.weights) disposeWeights(tuned);
    disposeWeights(cut.weights);
  }
  writeArrowFile(run.file('uniform.arrow'), UNIFORM_ROWS, rows);
}

