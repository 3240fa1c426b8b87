import * as tf from '@tensorflow/tfjs';
import type { GlobalAvgPoolNode } from '../description/types';
import { type LayerKindSpec, spatial } from './kind-spec';

export const globalAvgPoolKind: LayerKindSpec<GlobalAvgPoolNode> = {
  outputShape: (node, ctx) => [spatial(ctx.inputs[0], `gap '${node.name}'`)[2]],
  weights: () => [],
  macs: () => 0,
  toLayer: (node) => tf.layers.globalAveragePooling2d({ name: node.name }),
  apply: (_node, [x]) => tf.mean(x, [1, 2]),
};
