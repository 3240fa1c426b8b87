import * as tf from '@tensorflow/tfjs';
import type { ConcatNode, Shape } from '../description/types';
import { type LayerKindSpec, lastDim } from './kind-spec';

/** Where each input's channels start in the concatenation: 0, C₀, C₀ + C₁, … */
export function concatOffsets(inputs: readonly Shape[]): number[] {
  const offsets: number[] = [];
  let at = 0;
  for (const s of inputs) {
    offsets.push(at);
    at += lastDim(s);
  }
  return offsets;
}

export const concatKind: LayerKindSpec<ConcatNode> = {
  outputShape(node, ctx) {
    const [first, ...rest] = ctx.inputs;
    for (const s of rest) {
      if (s.length !== first.length || s.slice(0, -1).join() !== first.slice(0, -1).join()) {
        throw new Error(`concat '${node.name}' needs inputs that differ only in channels, got [${first.join(', ')}] and [${s.join(', ')}]`);
      }
    }
    return [...first.slice(0, -1), ctx.inputs.reduce((sum, s) => sum + lastDim(s), 0)];
  },
  weights: () => [],
  macs: () => 0,
  toLayer: (node) => tf.layers.concatenate({ name: node.name, axis: -1 }),
  apply: (_node, inputs) => tf.concat(inputs, -1),
};
