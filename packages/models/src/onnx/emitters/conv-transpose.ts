import type { ConvTransposeNode } from '../../description/types';
import type { OnnxEmitter } from '../emit-context';
import { ints } from '../graph-builder';
import { permute } from '../layout';

/**
 * TensorFlow's 'valid' conv2dTranspose: output[j·s + t] += x[j]·W[t], size n·s + max(k − s, 0). ONNX
 * ConvTranspose without pads gives the same sums over s·(n − 1) + k positions; output_padding adds the
 * max(s − k, 0) trailing zeros TensorFlow has when k < s. Kernel: tfjs [kh, kw, out, in] → ONNX [in, out, kh, kw].
 */
export const convTransposeEmitter: OnnxEmitter<ConvTransposeNode> = {
  emit(node, [x], ctx) {
    const kernel = ctx.weight('kernel');
    const w = permute(kernel.data, kernel.shape, [3, 2, 0, 1]);
    const inputs = [x, ctx.g.floats(`${node.name}/kernel`, w.data, w.shape)];
    if (node.useBias) inputs.push(ctx.g.floats(`${node.name}/bias`, ctx.weight('bias').data, [node.filters]));
    const extra = Math.max(node.stride - node.kernel, 0);
    return ctx.g.node(
      'ConvTranspose',
      inputs,
      {
        kernel_shape: ints([node.kernel, node.kernel]),
        strides: ints([node.stride, node.stride]),
        pads: ints([0, 0, 0, 0]),
        output_padding: ints([extra, extra]),
      },
      node.name,
    );
  },
};
