import { countModel, disposeWeights, sgdRecipe, trainModel } from '@l2p/models';
import { type FineTuner, runPruning, UNIFORM_ROWS, type UniformRow, writeArrowFile } from '@l2p/pruning';
import { hashString32, type RunDir } from '@l2p/runtime';
import type { ExperimentContext } from './context';
import { pruningRunFromBase, uniformPlan } from './job-plan';
import { evaluatePoints } from './metrics';

/**
 * The one fine-tuning of a uniform cut (as Li et al. retrain): the final fine-tuning's recipe and data when the
 * experiment has one, else one per-layer fine-tuning pass; none with 0 epochs.
 */
function uniformFineTuner(ctx: ExperimentContext, seed: number, ratio: number): FineTuner | undefined {
  const recipe = ctx.config.finalFineTune ?? ctx.config.fineTune;
  if (recipe.epochs === 0) return undefined;
  return async (description, weights) =>
    (
      await trainModel({
        description,
        initialWeights: weights,
        train: ctx.data.finalFineTune ?? ctx.data.fineTune(0),
        ...sgdRecipe(recipe),
        seed: hashString32(`${seed}:uniform:${ratio}`),
        progress: ctx.progress,
      })
    ).weights;
}

/**
 * The uniform-ratio L1 curve, one point per ratio, each a run of the same pipeline as every job: counts supplied
 * (uniformPlan), every unit cut with no per-unit fine-tuning, then the one fine-tuning of the whole network as its
 * final fine-tune (kept as trained: no BN re-estimation after it, no b to check). The test metric at decision is
 * the cut network's, before that fine-tuning.
 */
export async function runUniformCurve(ctx: ExperimentContext, run: RunDir, seed: number): Promise<void> {
  const rows: UniformRow[] = [];
  for (const ratio of ctx.config.uniformL1?.ratios ?? []) {
    const plan = uniformPlan(ctx, ratio);
    let atDecision = NaN;
    const result = await runPruning({
      ...pruningRunFromBase(ctx, seed, plan),
      runId: run.id,
      scoring: { ...ctx.config.scoring, afterFineTune: false },
      fineTune: async (_d, w) => w,
      finalFineTune: uniformFineTuner(ctx, seed, ratio),
      beforeFinalFineTune: async (cut) => {
        atDecision = (await evaluatePoints(cut.description, cut.weights, ctx.data.test, ctx.progress, `uniform ${ratio} test (no fine-tuning)`)).points;
      },
    });
    const after = await evaluatePoints(result.description, result.weights, ctx.data.test, ctx.progress, `uniform ${ratio} test`);
    const count = countModel(result.description);
    rows.push({ run_id: run.id, ratio, params_after: count.params, macs_after: count.macs, test_at_decision: atDecision, test_after: after.points });
    disposeWeights(result.weights);
  }
  writeArrowFile(run.file('uniform.arrow'), UNIFORM_ROWS, rows);
}
