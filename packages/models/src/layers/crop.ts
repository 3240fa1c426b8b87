import * as tf from '@tensorflow/tfjs';
import type { CropNode } from '../description/types';
import { type LayerKindSpec, spatial } from './kind-spec';

function cropBox(node: CropNode, input: number[], reference: number[]): { top: number; left: number; h: number; w: number } {
  const [ih, iw] = spatial(input, `crop '${node.name}'`);
  const [h, w] = reference;
  const [top, left] = node.offset;
  if (top + h > ih || left + w > iw) {
    throw new Error(`crop '${node.name}': offset [${top}, ${left}] + size [${h}, ${w}] exceeds its input [${ih}, ${iw}]`);
  }
  return { top, left, h, w };
}

export const cropKind: LayerKindSpec<CropNode> = {
  outputShape(node, ctx) {
    const { h, w } = cropBox(node, ctx.inputs[0], ctx.shapeOf(node.reference));
    return [h, w, ctx.inputs[0][2]];
  },
  weights: () => [],
  macs: () => 0,
  toLayer(node, ctx) {
    const { top, left, h, w } = cropBox(node, ctx.inputs[0], ctx.shapeOf(node.reference));
    const [ih, iw] = ctx.inputs[0];
    return tf.layers.cropping2D({
      name: node.name,
      cropping: [
        [top, ih - top - h],
        [left, iw - left - w],
      ],
    });
  },
  apply: (node, [x], ctx) =>
    tf.slice(x, [0, node.offset[0], node.offset[1], 0], [-1, ctx.outputShape[0], ctx.outputShape[1], -1]),
};
