import * as tf from '@tensorflow/tfjs';
import type { ZeroPadNode } from '../description/types';
import { type LayerKindSpec, spatial } from './kind-spec';

export const zeroPadKind: LayerKindSpec<ZeroPadNode> = {
  outputShape(node, ctx) {
    const [h, w, c] = spatial(ctx.inputs[0], `zeropad '${node.name}'`);
    const [top, bottom, left, right] = node.pads;
    return [h + top + bottom, w + left + right, c];
  },
  weights: () => [],
  macs: () => 0,
  toLayer: (node) =>
    tf.layers.zeroPadding2d({
      name: node.name,
      padding: [
        [node.pads[0], node.pads[1]],
        [node.pads[2], node.pads[3]],
      ],
    }),
  apply: (node, [x]) =>
    tf.pad(x, [
      [0, 0],
      [node.pads[0], node.pads[1]],
      [node.pads[2], node.pads[3]],
      [0, 0],
    ]),
};
