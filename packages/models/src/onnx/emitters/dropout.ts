import type { DropoutNode } from '../../description/types';
import type { OnnxEmitter } from '../emit-context';

/** Inference: dropout is the identity, so it writes no node at all. */
export const dropoutEmitter: OnnxEmitter<DropoutNode> = {
  emit: (_node, [x]) => x,
};
