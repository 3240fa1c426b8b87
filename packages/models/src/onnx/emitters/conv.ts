import type { ConvNode } from '../../description/types';
import type { OnnxEmitter } from '../emit-context';
import { ints, int } from '../graph-builder';
import { foldNorm, permute, tfPads } from '../layout';

/** Conv: tfjs kernel [kh, kw, in, out] → ONNX [out, in, kh, kw]; TensorFlow 'same' as explicit pads; BN folded. */
export const convEmitter: OnnxEmitter<ConvNode> = {
  emit(node, [x], ctx) {
    const kernel = ctx.weight('kernel');
    const { kernel: k, bias } = foldNorm(kernel.data, node.useBias ? ctx.weight('bias').data : undefined, ctx.fold);
    const w = permute(k, kernel.shape, [3, 2, 0, 1]);
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
        group: int(1),
      },
      node.name,
    );
  },
};
