import * as path from 'path';
import { countModel, exportOnnx, filterCount, type ModelDescription, saveModel, type Weights } from '@l2p/models';
import { CLASS_ROWS, type ClassRow, DEPLOY_ROWS, type DeployRow, LAYER_ROWS, type LayerRow, SUMMARY_ROWS, type SummaryRow, UPDATE_ROWS, type UpdateRow, writeArrowFile } from '@l2p/pruning';
import type { EngineName, RunDir } from '@l2p/runtime';
import type { ExperimentContext } from './context';
import { footprint, measureLatencyPairMs, MODEL_ONNX } from './deployment';
import { writeSegmentationExamples } from './segmentation-examples';

function filtersIn(description: ModelDescription, layers: string[]): number {
  return layers.reduce((s, l) => s + filterCount(description, l), 0);
}

/** What a finished pruning job hands over to be written. */
export interface JobResults {
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
  /** The base and final network's metric on the contract split (guard, else reward): the budget contract. */
  contractBefore: number;
  contractAfter: number;
  finalFineTune: string;
  perClassAfter: (number | null)[] | null;
  wallMs: number;
}

/**
 * Writes a finished job's results into its run directory: the pruned model (tf.js + ONNX), layers, updates,
 * deployment and (segmentation) per-class tables and example masks, and last its summary row.
 */
export async function writeResults(ctx: ExperimentContext, run: RunDir, r: JobResults): Promise<void> {
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
    contract_before: r.contractBefore,
    contract_after: r.contractAfter,
    contract_drop: r.contractBefore - r.contractAfter,
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
