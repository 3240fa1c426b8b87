import type { AddNode } from '../../description/types';
import type { OnnxEmitter } from '../emit-context';

export const addEmitter: OnnxEmitter<AddNode> = {
  emit: (node, inputs, ctx) => ctx.g.node(inputs.length === 2 ? 'Add' : 'Sum', inputs, {}, node.name),
};
