import { EvaluationResult, evaluateModel, ModelDescription, Weights } from '@l2p/models';
import { BatchSource } from '@l2p/models';
import { activeEngine, ProgressSink } from '@l2p/runtime';

/** The task's headline metric in points: top-1 accuracy, or mean IU for segmentation. */
export function points(result: EvaluationResult): number {
  return 100 * (result.task === 'classification' ? result.top1 : result.meanIoU);
}

/** Evaluates on the selected inference engine (`--engine`; tfjs when none was selected). */
export async function evaluatePoints(
  description: ModelDescription,
  weights: Weights,
  source: BatchSource,
  progress?: ProgressSink,
  label?: string,
): Promise<{ points: number; result: EvaluationResult }> {
  const result = await evaluateModel({ description, weights, source, progress, label, engine: activeEngine()?.name ?? 'tfjs' });
  return { points: points(result), result };
}
