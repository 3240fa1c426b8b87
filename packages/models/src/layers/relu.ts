import * as tf from '@tensorflow/tfjs';
import type { ReluNode } from '../description/types';
import type { LayerKindSpec } from './kind-spec';

export const reluKind: LayerKindSpec<ReluNode> = {
  outputShape: (_node, ctx) => [...ctx.inputs[0]],
  weights: () => [],
  macs: () => 0,
  toLayer: (node) => tf.layers.activation({ name: node.name, activation: 'relu' }),
  apply: (_node, [x]) => tf.relu(x),
};
