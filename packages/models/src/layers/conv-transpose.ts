import * as tf from '@tensorflow/tfjs';
import type { ConvTransposeNode } from '../description/types';
import { type LayerKindSpec, spatial, type WeightSpec } from './kind-spec';

/** 'valid' transposed convolution: out = (in − 1)·stride + kernel (tfjs: in·stride + max(kernel − stride, 0)). */
function outLength(size: number, node: ConvTransposeNode): number {
  return size * node.stride + Math.max(node.kernel - node.stride, 0);
}

export const convTransposeKind: LayerKindSpec<ConvTransposeNode> = {
  outputShape(node, ctx) {
    const [h, w] = spatial(ctx.inputs[0], `conv-transpose '${node.name}'`);
    return [outLength(h, node), outLength(w, node), node.filters];
  },
  weights(node, ctx) {
    const cin = spatial(ctx.inputs[0], `conv-transpose '${node.name}'`)[2];
    if (node.init === 'bilinear' && cin !== node.filters) {
      throw new Error(`conv-transpose '${node.name}': bilinear init needs filters == input channels, got ${node.filters} vs ${cin}`);
    }
    // tfjs layout: [kh, kw, outChannels, inChannels].
    const specs: WeightSpec[] = [
      { param: 'kernel', shape: [node.kernel, node.kernel, node.filters, cin], trainable: node.trainable, init: node.init },
    ];
    if (node.useBias) specs.push({ param: 'bias', shape: [node.filters], trainable: node.trainable, init: 'zeros' });
    return specs;
  },
  macs(node, ctx) {
    const [h, w, cin] = spatial(ctx.inputs[0], `conv-transpose '${node.name}'`);
    return h * w * node.kernel * node.kernel * cin * node.filters;
  },
  toLayer: (node) =>
    tf.layers.conv2dTranspose({
      name: node.name,
      filters: node.filters,
      kernelSize: node.kernel,
      strides: node.stride,
      padding: 'valid',
      useBias: node.useBias,
      trainable: node.trainable,
      kernelInitializer: 'zeros',
    }),
  apply(node, [x], ctx) {
    const [b, h, w] = x.shape;
    const y = tf.conv2dTranspose(
      x as tf.Tensor4D,
      ctx.weight('kernel') as tf.Tensor4D,
      [b, outLength(h, node), outLength(w, node), node.filters],
      node.stride,
      'valid',
    );
    return node.useBias ? tf.add(y, ctx.weight('bias')) : y;
  },
};
