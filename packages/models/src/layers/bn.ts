import * as tf from '@tensorflow/tfjs';
import type { BatchNormNode } from '../description/types';
import { type LayerKindSpec, lastDim } from './kind-spec';

export const BN_PARAMS = ['gamma', 'beta', 'moving_mean', 'moving_variance'] as const;

export const batchNormKind: LayerKindSpec<BatchNormNode> = {
  outputShape: (_node, ctx) => [...ctx.inputs[0]],
  weights(_node, ctx) {
    const c = lastDim(ctx.inputs[0]);
    return [
      { param: 'gamma', shape: [c], trainable: true, init: 'ones' },
      { param: 'beta', shape: [c], trainable: true, init: 'zeros' },
      { param: 'moving_mean', shape: [c], trainable: false, init: 'zeros' },
      { param: 'moving_variance', shape: [c], trainable: false, init: 'ones' },
    ];
  },
  macs: () => 0,
  toLayer: (node) =>
    tf.layers.batchNormalization({ name: node.name, axis: -1, epsilon: node.epsilon, momentum: node.momentum }),
  apply(node, [x], ctx) {
    const gamma = ctx.weight('gamma');
    const beta = ctx.weight('beta');
    if (!ctx.training) {
      return tf.batchNorm(x, ctx.weight('moving_mean'), ctx.weight('moving_variance'), beta, gamma, node.epsilon);
    }
    const axes = x.shape.slice(0, -1).map((_, i) => i);
    const { mean, variance } = tf.moments(x, axes);
    ctx.onBatchStats?.(mean, variance, x.size / lastDim(x.shape));
    return tf.batchNorm(x, mean, variance, beta, gamma, node.epsilon);
  },
};
