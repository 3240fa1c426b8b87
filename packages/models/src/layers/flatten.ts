import * as tf from '@tensorflow/tfjs';
import type { FlattenNode } from '../description/types';
import type { LayerKindSpec } from './kind-spec';

export const flattenKind: LayerKindSpec<FlattenNode> = {
  outputShape: (_node, ctx) => [ctx.inputs[0].reduce((a, b) => a * b, 1)],
  weights: () => [],
  macs: () => 0,
  toLayer: (node) => tf.layers.flatten({ name: node.name }),
  apply: (_node, [x]) => tf.reshape(x, [x.shape[0], -1]),
};
