import { EngineName } from '@l2p/runtime';
import { ConfusionMatrix, forwardOn, ModelDescription, Weights } from '@l2p/models';
import { addPredictions, metricPoints } from './metric-points';
import type { LabelledBatches } from './labelled-batches';

/**
 * A whole network's metric in points on each of several resident splits (reward, guard), on `engine`, with one
 * network built for all of them. The pipeline measures p, the guard and the candidates' p̂ on one engine, so a
 * budget check never compares figures of two engines.
 */
export async function networkMetrics(
  description: ModelDescription,
  weights: Weights,
  splits: readonly LabelledBatches[],
  engine: EngineName = 'tfjs',
): Promise<number[]> {
  const net = await forwardOn(engine, description, weights);
  try {
    const points: number[] = [];
    for (const data of splits) {
      const confusion = new ConfusionMatrix(description.numClasses);
      for (const batch of data.batches) {
        const logits = await net.predict(batch.x);
        addPredictions(confusion, logits, batch.y);
        logits.dispose();
      }
      points.push(metricPoints(description, confusion));
    }
    return points;
  } finally {
    await net.dispose();
  }
}

/** networkMetrics on one split. */
export async function networkMetric(description: ModelDescription, weights: Weights, data: LabelledBatches, engine: EngineName = 'tfjs'): Promise<number> {
  const [points] = await networkMetrics(description, weights, [data], engine);
  return points;
}
