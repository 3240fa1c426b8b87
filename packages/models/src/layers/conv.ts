import * as tf from '@tensorflow/tfjs';
import type { ConvNode } from '../description/types';
import { convOutLength, type LayerKindSpec, spatial, type WeightSpec } from './kind-spec';

export const convKind: LayerKindSpec<ConvNode> = {
  outputShape(node, ctx) {
    const [h, w] = spatial(ctx.inputs[0], `conv '${node.name}'`);
    return [
      convOutLength(h, node.kernel, node.stride, node.padding),
      convOutLength(w, node.kernel, node.stride, node.padding),
      node.filters,
    ];
  },
  weights(node, ctx) {
    const cin = spatial(ctx.inputs[0], `conv '${node.name}'`)[2];
    const specs: WeightSpec[] = [
      { param: 'kernel', shape: [node.kernel, node.kernel, cin, node.filters], trainable: true, init: 'he-normal' },
    ];
    if (node.useBias) specs.push({ param: 'bias', shape: [node.filters], trainable: true, init: 'zeros' });
    return specs;
  },
  macs(node, ctx, out) {
    const cin = ctx.inputs[0][2];
    return out[0] * out[1] * node.kernel * node.kernel * cin * node.filters;
  },
  toLayer: (node) =>
    tf.layers.conv2d({
      name: node.name,
      filters: node.filters,
      kernelSize: node.kernel,
      strides: node.stride,
      padding: node.padding,
      useBias: node.useBias,
      kernelInitializer: 'zeros',
    }),
  apply(node, [x], ctx) {
    const y = tf.conv2d(x as tf.Tensor4D, ctx.weight('kernel') as tf.Tensor4D, node.stride, node.padding);
    return node.useBias ? tf.add(y, ctx.weight('bias')) : y;
  },
};
