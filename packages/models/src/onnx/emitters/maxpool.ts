import type { MaxPoolNode } from '../../description/types';
import type { OnnxEmitter } from '../emit-context';
import { ints } from '../graph-builder';
import { tfPads } from '../layout';

/** TensorFlow 'same' pooling pads bottom/right first; padded cells never win the max (in both frameworks). */
export const maxPoolEmitter: OnnxEmitter<MaxPoolNode> = {
  emit(node, [x], ctx) {
    const [h, w] = ctx.inputShapes[0];
    return ctx.g.node(
      'MaxPool',
      [x],
      { kernel_shape: ints([node.size, node.size]), strides: ints([node.stride, node.stride]), pads: ints(tfPads([h, w], node.size, node.stride, node.padding)) },
      node.name,
    );
  },
};
