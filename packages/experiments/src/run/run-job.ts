import * as fs from 'fs';
import * as path from 'path';
import { disposeWeights, type ModelDescription, removeFilters, sgdRecipe, type Weights } from '@l2p/models';
import { type FineTuner, jobRunConfig, type LayerRow, makeFineTuner, runPruning } from '@l2p/pruning';
import { readJson, RunDir, type RunManifest } from '@l2p/runtime';
import type { ExperimentContext } from './context';
import { type JobSpec, jobId } from '../jobs/jobs';
import { writeResults } from './job-results';
import { jobPlan, pruningRunFromBase } from './job-plan';
import { evaluatePoints } from './metrics';
import { runUniformCurve } from './uniform-curve';

export function jobDir(ctx: Pick<ExperimentContext, 'expDir'>, spec: JobSpec): string {
  return path.join(ctx.expDir, jobId(spec));
}

export function isJobDone(dir: string): boolean {
  const file = path.join(dir, 'manifest.json');
  return fs.existsSync(file) && readJson<RunManifest>(file).status === 'done';
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
    if (spec.kind === 'uniform-l1') return runUniformCurve(ctx, run, seed);
    const plan = jobPlan(ctx, spec);
    const layers = plan.layers;
    const result = await runPruning({
      ...pruningRunFromBase(ctx, seed, plan),
      runId: id,
      guard: ctx.guard ?? undefined,
      fineTune: makeFineTuner((i) => ctx.data.fineTune(i), { ...sgdRecipe(ctx.config.fineTune), seed }),
      finalFineTune: finalFineTuner(ctx, seed),
      budgetPolicy: ctx.config.budgetPolicy,
      agent: ctx.config.agent,
      checkpointDir: run.file('checkpoint'),
      resume: resuming,
      maxImagesPerPass: ctx.config.advanced.maxImagesPerPass,
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
      contractBefore: result.contractBefore,
      contractAfter: result.contractAfter,
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
