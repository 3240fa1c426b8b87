import type { DepthwiseConvNode } from '../../description/types';
import { DEPTHWISE_KERNEL } from '../../layers/depthwise-conv';
import type { OnnxEmitter } from '../emit-context';
import { int, ints } from '../graph-builder';
import { foldNorm, permute, tfPads } from '../layout';

/**
 * Depthwise conv = Conv with group = C: tfjs kernel [kh, kw, C, 1] → ONNX [C, 1, kh, kw]; TensorFlow 'same' as
 * explicit pads; a following BN folded (channel c of the kernel is flat index c modulo C, as foldNorm assumes).
 */
export const depthwiseConvEmitter: OnnxEmitter<DepthwiseConvNode> = {
  emit(node, [x], ctx) {
    const kernel = ctx.weight(DEPTHWISE_KERNEL);
    const c = kernel.shape[2];
    const { kernel: k, bias } = foldNorm(kernel.data, node.useBias ? ctx.weight('bias').data : undefined, ctx.fold);
    const w = permute(k, kernel.shape, [2, 3, 0, 1]);
    const inputs = [x, ctx.g.floats(`${node.name}/kernel`, w.data, w.shape)];
    if (bias) inputs.push(ctx.g.floats(`${node.name}/bias`, bias, [bias.length]));
    const [h, wIn] = ctx.inputShapes[0];
    return ctx.g.node(
      'Conv',
      inputs,
      {
        kernel_shape: ints([node.kernel, node.kernel]),
        strides: ints([node.stride, node.stride]),
        pads: ints(tfPads([h, wIn], node.kernel, node.stride, node.padding)),
        group: int(c),
      },
      node.name,
    );
  },
};
