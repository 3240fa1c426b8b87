import * as tf from '@tensorflow/tfjs';
import type { DropoutNode } from '../description/types';
import type { LayerKindSpec } from './kind-spec';

export const dropoutKind: LayerKindSpec<DropoutNode> = {
  outputShape: (_node, ctx) => [...ctx.inputs[0]],
  weights: () => [],
  macs: () => 0,
  toLayer: (node) => tf.layers.dropout({ name: node.name, rate: node.rate }),
  // reason: tfjs's Dropout layer reuses one fixed seed on every call (the same mask every step); the trainer
  // hands each step its own seed instead.
  apply: (node, [x], ctx) => (ctx.training && node.rate > 0 ? tf.dropout(x, node.rate, undefined, ctx.seed) : x),
};
