import type { GlobalAvgPoolNode } from '../../description/types';
import type { OnnxEmitter } from '../emit-context';
import { int } from '../graph-builder';

/** [N, C, H, W] → GlobalAveragePool [N, C, 1, 1] → [N, C]. */
export const globalAvgPoolEmitter: OnnxEmitter<GlobalAvgPoolNode> = {
  emit: (node, [x], ctx) => ctx.g.node('Flatten', [ctx.g.node('GlobalAveragePool', [x], {}, `${node.name}/pool`)], { axis: int(1) }, node.name),
};
