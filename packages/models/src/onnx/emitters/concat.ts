import type { ConcatNode } from '../../description/types';
import type { OnnxEmitter } from '../emit-context';
import { int } from '../graph-builder';

/** Channels are axis 1 inside our graphs, in NCHW and in [N, F] alike. */
export const concatEmitter: OnnxEmitter<ConcatNode> = {
  emit: (node, inputs, ctx) => ctx.g.node('Concat', inputs, { axis: int(1) }, node.name),
};
