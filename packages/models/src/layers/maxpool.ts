import * as tf from '@tensorflow/tfjs';
import type { MaxPoolNode } from '../description/types';
import { convOutLength, type LayerKindSpec, spatial } from './kind-spec';

export const maxPoolKind: LayerKindSpec<MaxPoolNode> = {
  outputShape(node, ctx) {
    const [h, w, c] = spatial(ctx.inputs[0], `maxpool '${node.name}'`);
    return [convOutLength(h, node.size, node.stride, node.padding), convOutLength(w, node.size, node.stride, node.padding), c];
  },
  weights: () => [],
  macs: () => 0,
  toLayer: (node) =>
    tf.layers.maxPooling2d({ name: node.name, poolSize: node.size, strides: node.stride, padding: node.padding }),
  apply: (node, [x]) => tf.maxPool(x as tf.Tensor4D, node.size, node.stride, node.padding),
};
