import type { CropNode } from '../../description/types';
import type { OnnxEmitter } from '../emit-context';

/** A Slice over H and W (axes 2, 3 in NCHW) at the node's offset, to its reference's size. */
export const cropEmitter: OnnxEmitter<CropNode> = {
  emit(node, [x], ctx) {
    const [top, left] = node.offset;
    const [h, w] = ctx.outputShape;
    const { g } = ctx;
    return g.node(
      'Slice',
      [x, g.int64s(`${node.name}/starts`, [top, left]), g.int64s(`${node.name}/ends`, [top + h, left + w]), g.int64s(`${node.name}/axes`, [2, 3])],
      {},
      node.name,
    );
  },
};
