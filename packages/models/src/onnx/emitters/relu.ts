import type { ReluNode } from '../../description/types';
import type { OnnxEmitter } from '../emit-context';

export const reluEmitter: OnnxEmitter<ReluNode> = {
  emit: (node, [x], ctx) => ctx.g.node('Relu', [x], {}, node.name),
};
