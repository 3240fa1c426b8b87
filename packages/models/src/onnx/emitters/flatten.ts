import type { FlattenNode } from '../../description/types';
import type { OnnxEmitter } from '../emit-context';
import { int, ints } from '../graph-builder';

/**
 * Our flatten is row-major NHWC (feature (h·W + w)·C + c, see FlattenNode): back to NHWC first, so the dense
 * kernel after it keeps its row order.
 */
export const flattenEmitter: OnnxEmitter<FlattenNode> = {
  emit(node, [x], ctx) {
    const nhwc = ctx.inputShapes[0].length === 3 ? ctx.g.node('Transpose', [x], { perm: ints([0, 2, 3, 1]) }, `${node.name}/nhwc`) : x;
    return ctx.g.node('Flatten', [nhwc], { axis: int(1) }, node.name);
  },
};
