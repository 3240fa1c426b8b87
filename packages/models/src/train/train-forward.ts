import * as tf from '@tensorflow/tfjs';
import { inferShapes } from '../description/graph';
import type { ModelDescription } from '../description/types';
import { kindSpec } from '../layers';
import { weightName } from '../weights/types';

export interface TrainForwardOptions {
  /** Seed for a node's random draws in this step (dropout). */
  seedFor(node: string): number;
  /** Receives each BN layer's batch mean and (biased) variance over `count` values per channel. */
  onBatchStats(bn: string, mean: tf.Tensor, variance: tf.Tensor, count: number): void;
}

/** Training-mode forward (BN on batch statistics, dropout on) over weights looked up by name. */
export function forwardTrain(
  description: ModelDescription,
  weight: (name: string) => tf.Tensor,
  x: tf.Tensor,
  options: TrainForwardOptions,
): tf.Tensor {
  const shapes = inferShapes(description);
  const values = new Map<string, tf.Tensor>([[description.nodes[0].name, x]]);
  for (const node of description.nodes.slice(1)) {
    const y = kindSpec(node).apply(
      node,
      node.inputs.map((n) => values.get(n) as tf.Tensor),
      {
        training: true,
        seed: options.seedFor(node.name),
        outputShape: shapes.get(node.name) ?? [],
        weight: (param) => weight(weightName(node.name, param)),
        onBatchStats: (mean, variance, count) => options.onBatchStats(node.name, mean, variance, count),
      },
    );
    values.set(node.name, y);
  }
  return values.get(description.output) as tf.Tensor;
}
