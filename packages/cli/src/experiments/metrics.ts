import { EvaluationResult, evaluateModel, ModelDescription, Weights } from '@l2p/models';
import { BatchSource } from '@l2p/models';
import { ProgressSink } from '@l2p/runtime';

/** The task's headline metric in points: top-1 accuracy, or mean IU for segmentation. */
export function points(result: EvaluationResult): number {
  return 100 * (result.task === 'classification' ? result.top1 : result.meanIoU);
}

export async function evaluatePoints(
  description: ModelDescription,
  weights: Weights,
  source: BatchSource,
  progress?: ProgressSink,
  label?: string,
): Promise<{ points: number; result: EvaluationResult }> {
  const result = await evaluateModel({ description, weights, source, progress, label });
  return { points: points(result), result };
}
