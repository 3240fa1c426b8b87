import * as tf from '@tensorflow/tfjs';
import type { DenseNode } from '../description/types';
import type { LayerKindSpec, WeightSpec } from './kind-spec';

function features(node: DenseNode, shape: number[]): number {
  if (shape.length !== 1) {
    throw new Error(`dense '${node.name}' needs a flat input (add a flatten or gap before it), got [${shape.join(', ')}]`);
  }
  return shape[0];
}

export const denseKind: LayerKindSpec<DenseNode> = {
  outputShape: (node, ctx) => {
    features(node, ctx.inputs[0]);
    return [node.units];
  },
  weights(node, ctx) {
    const specs: WeightSpec[] = [
      { param: 'kernel', shape: [features(node, ctx.inputs[0]), node.units], trainable: true, init: 'glorot-uniform' },
    ];
    if (node.useBias) specs.push({ param: 'bias', shape: [node.units], trainable: true, init: 'zeros' });
    return specs;
  },
  macs: (node, ctx) => features(node, ctx.inputs[0]) * node.units,
  toLayer: (node) =>
    tf.layers.dense({ name: node.name, units: node.units, useBias: node.useBias, kernelInitializer: 'zeros' }),
  apply(node, [x], ctx) {
    const y = tf.matMul(x as tf.Tensor2D, ctx.weight('kernel') as tf.Tensor2D);
    return node.useBias ? tf.add(y, ctx.weight('bias')) : y;
  },
};
