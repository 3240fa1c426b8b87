import * as tf from '@tensorflow/tfjs';
import type { AddNode } from '../description/types';
import type { LayerKindSpec } from './kind-spec';

export const addKind: LayerKindSpec<AddNode> = {
  outputShape(node, ctx) {
    const [first, ...rest] = ctx.inputs;
    for (const s of rest) {
      if (s.join() !== first.join()) {
        throw new Error(`add '${node.name}' needs equal input shapes, got [${first.join(', ')}] and [${s.join(', ')}]`);
      }
    }
    return [...first];
  },
  weights: () => [],
  macs: () => 0,
  toLayer: (node) => tf.layers.add({ name: node.name }),
  apply: (_node, inputs) => (inputs.length === 2 ? tf.add(inputs[0], inputs[1]) : tf.addN(inputs)),
};
