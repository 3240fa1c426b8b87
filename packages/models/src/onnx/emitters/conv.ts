import type { ConvNode } from '../../description/types';
import type { EmitContext, OnnxEmitter } from '../emit-context';
import { ints, int } from '../graph-builder';
import { foldNorm, permute, tfPads } from '../layout';

/** What an ONNX Conv needs of a conv-like node (plain or depthwise). */
interface ConvLike {
  name: string;
  kernel: number;
  stride: number;
  padding: ConvNode['padding'];
  useBias: boolean;
}

/**
 * One ONNX Conv from a tfjs kernel: `toOnnx` permutes its axes to [out, in/group, kh, kw]; TensorFlow 'same' as
 * explicit pads; a following BN folded into kernel and bias.
 */
export function emitConvOp(node: ConvLike, x: string, ctx: EmitContext, kernelWeight: string, toOnnx: number[], group: number): string {
  const kernel = ctx.weight(kernelWeight);
  const { kernel: k, bias } = foldNorm(kernel.data, node.useBias ? ctx.weight('bias').data : undefined, ctx.fold);
  const w = permute(k, kernel.shape, toOnnx);
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
      group: int(group),
    },
    node.name,
  );
}

/** Conv: tfjs kernel [kh, kw, in, out] → ONNX [out, in, kh, kw]. */
export const convEmitter: OnnxEmitter<ConvNode> = {
  emit: (node, [x], ctx) => emitConvOp(node, x, ctx, 'kernel', [3, 2, 0, 1], 1),
};
