import * as tf from '@tensorflow/tfjs';
import type { AvgPoolNode } from '../description/types';
import { convOutLength, type LayerKindSpec, spatial } from './kind-spec';

export const avgPoolKind: LayerKindSpec<AvgPoolNode> = {
  outputShape(node, ctx) {
    const [h, w, c] = spatial(ctx.inputs[0], `avgpool '${node.name}'`);
    return [convOutLength(h, node.size, node.stride, node.padding), convOutLength(w, node.size, node.stride, node.padding), c];
  },
  weights: () => [],
  macs: () => 0,
  toLayer: (node) =>
    tf.layers.averagePooling2d({ name: node.name, poolSize: node.size, strides: node.stride, padding: node.padding }),
  apply: (node, [x]) => tf.avgPool(x as tf.Tensor4D, node.size, node.stride, node.padding),
};
