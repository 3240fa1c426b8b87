import * as tf from '@tensorflow/tfjs';
import type { DepthwiseConvNode } from '../description/types';
import { convOutLength, type LayerKindSpec, spatial, type WeightSpec } from './kind-spec';

/** tfjs names the depthwise kernel `depthwise_kernel` ([k, k, C, 1]); the builder matches weights by that name. */
export const DEPTHWISE_KERNEL = 'depthwise_kernel';

export const depthwiseConvKind: LayerKindSpec<DepthwiseConvNode> = {
  outputShape(node, ctx) {
    const [h, w, c] = spatial(ctx.inputs[0], `depthwise-conv '${node.name}'`);
    return [convOutLength(h, node.kernel, node.stride, node.padding), convOutLength(w, node.kernel, node.stride, node.padding), c];
  },
  weights(node, ctx) {
    const c = spatial(ctx.inputs[0], `depthwise-conv '${node.name}'`)[2];
    const specs: WeightSpec[] = [{ param: DEPTHWISE_KERNEL, shape: [node.kernel, node.kernel, c, 1], trainable: true, init: 'he-normal' }];
    if (node.useBias) specs.push({ param: 'bias', shape: [c], trainable: true, init: 'zeros' });
    return specs;
  },
  macs: (node, _ctx, out) => out[0] * out[1] * node.kernel * node.kernel * out[2],
  toLayer: (node) =>
    tf.layers.depthwiseConv2d({
      name: node.name,
      kernelSize: node.kernel,
      strides: node.stride,
      padding: node.padding,
      depthMultiplier: 1,
      useBias: node.useBias,
      depthwiseInitializer: 'zeros',
    }),
  apply(node, [x], ctx) {
    const y = tf.depthwiseConv2d(x as tf.Tensor4D, ctx.weight(DEPTHWISE_KERNEL) as tf.Tensor4D, node.stride, node.padding);
    return node.useBias ? tf.add(y, ctx.weight('bias')) : y;
  },
};
