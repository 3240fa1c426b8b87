import * as tf from '@tensorflow/tfjs';
import type { ConvTransposeNode } from '../description/types';
import { type LayerKindSpec, spatial, type WeightSpec } from './kind-spec';
import { perChannelFilter } from './per-channel-kernel';

/**
 * Whether a kernel tensor is one filter per channel (see perChannelFilter), read once per tensor: only fixed
 * (non-trainable) kernels are checked, so the answer cannot change while the tensor lives.
 */
const perChannel = new WeakMap<tf.Tensor, boolean>();
function runsPerChannel(node: ConvTransposeNode, kernel: tf.Tensor): boolean {
  if (node.trainable) return false;
  let known = perChannel.get(kernel);
  if (known === undefined) {
    known = perChannelFilter(kernel.dataSync(), kernel.shape) !== null;
    perChannel.set(kernel, known);
  }
  return known;
}

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
    const [b, h, w, c] = x.shape;
    const kernel = ctx.weight('kernel') as tf.Tensor4D;
    const [oh, ow] = [outLength(h, node), outLength(w, node)];
    let y: tf.Tensor;
    if (runsPerChannel(node, kernel)) {
      // Channels as batch entries through the one [k, k, 1, 1] filter.
      const planes = tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [b * c, h, w, 1]) as tf.Tensor4D;
      const filter = tf.slice(kernel, [0, 0, 0, 0], [node.kernel, node.kernel, 1, 1]) as tf.Tensor4D;
      const up = tf.conv2dTranspose(planes, filter, [b * c, oh, ow, 1], node.stride, 'valid');
      y = tf.transpose(tf.reshape(up, [b, c, oh, ow]), [0, 2, 3, 1]);
    } else {
      y = tf.conv2dTranspose(x as tf.Tensor4D, kernel, [b, oh, ow, node.filters], node.stride, 'valid');
    }
    return node.useBias ? tf.add(y, ctx.weight('bias')) : y;
  },
};
