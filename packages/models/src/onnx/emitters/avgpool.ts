import type { AvgPoolNode } from '../../description/types';
import type { OnnxEmitter } from '../emit-context';
import { int, ints } from '../graph-builder';
import { tfPads } from '../layout';

/** TensorFlow's 'same' average pooling divides by the cells inside the image: ONNX count_include_pad = 0. */
export const avgPoolEmitter: OnnxEmitter<AvgPoolNode> = {
  emit(node, [x], ctx) {
    const [h, w] = ctx.inputShapes[0];
    return ctx.g.node(
      'AveragePool',
      [x],
      {
        kernel_shape: ints([node.size, node.size]),
        strides: ints([node.stride, node.stride]),
        pads: ints(tfPads([h, w], node.size, node.stride, node.padding)),
        count_include_pad: int(0),
      },
      node.name,
    );
  },
};
