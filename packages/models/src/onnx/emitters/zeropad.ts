import type { ZeroPadNode } from '../../description/types';
import type { OnnxEmitter } from '../emit-context';

/** Pad (opset 13, constant 0) of H and W: NCHW pads [0, 0, top, left, 0, 0, bottom, right]. */
export const zeroPadEmitter: OnnxEmitter<ZeroPadNode> = {
  emit(node, [x], ctx) {
    const [top, bottom, left, right] = node.pads;
    return ctx.g.node('Pad', [x, ctx.g.int64s(`${node.name}/pads`, [0, 0, top, left, 0, 0, bottom, right])], {}, node.name);
  },
};
