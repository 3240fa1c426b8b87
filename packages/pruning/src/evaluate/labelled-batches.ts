import * as tf from '@tensorflow/tfjs';
import { Batch, BatchSource } from '@l2p/models';

/**
 * A small split of labelled images resident in memory as batches: the reward split (the agent evaluates it
 * hundreds of times), the guard split (the budget contract is checked on it) and the train sample (BN
 * recalibration, Taylor). One type, since they are read the same way; the use sites say which split it is.
 * Owns its tensors.
 */
export interface LabelledBatches {
  readonly batches: readonly Batch[];
  readonly size: number;
  dispose(): void;
}

/** Reads every batch of `source` (one pass, in its order) into memory. */
export async function loadLabelledBatches(source: BatchSource): Promise<LabelledBatches> {
  const batches: Batch[] = [];
  for await (const batch of source.batches(0)) batches.push(batch);
  return {
    batches,
    size: batches.reduce((s, b) => s + b.x.shape[0], 0),
    dispose: () => batches.forEach((b) => tf.dispose([b.x, b.y])),
  };
}
