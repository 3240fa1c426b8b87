import type { InputNode } from '../../description/types';
import type { OnnxEmitter } from '../emit-context';

export const inputEmitter: OnnxEmitter<InputNode> = {
  emit: (node) => {
    throw new Error(`input node '${node.name}' is a graph input, not emitted`);
  },
};
