import type { ConvTransposeNode } from '../../description/types';
import type { OnnxEmitter } from '../emit-context';
import { int, ints } from '../graph-builder';
import { permute } from '../layout';
import { perChannelFilter } from '../../layers/per-channel-kernel';

/**
 * TensorFlow's 'valid' conv2dTranspose: output[j·s + t] += x[j]·W[t], size n·s + max(k − s, 0). ONNX
 * ConvTranspose without pads gives the same sums over s·(n − 1) + k positions; output_padding adds the
 * max(s − k, 0) trailing zeros TensorFlow has when k < s. Kernel: tfjs [kh, kw, out, in] → ONNX [in, out, kh, kw];
 * one filter per channel (FCN's bilinear upsampling) → a grouped ConvTranspose, one group per channel.
 */
export const convTransposeEmitter: OnnxEmitter<ConvTransposeNode> = {
  emit(node, [x], ctx) {
    const kernel = ctx.weight('kernel');
    const filter = perChannelFilter(kernel.data, kernel.shape);
    let inputs: string[];
    if (filter) {
      const grouped = new Float32Array(node.filters * filter.length);
      for (let c = 0; c < node.filters; c++) grouped.set(filter, c * filter.length);
      inputs = [x, ctx.g.floats(`${node.name}/kernel`, grouped, [node.filters, 1, node.kernel, node.kernel])];
    } else {
      const w = permute(kernel.data, kernel.shape, [3, 2, 0, 1]);
      inputs = [x, ctx.g.floats(`${node.name}/kernel`, w.data, w.shape)];
    }
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
        ...(filter ? { group: int(node.filters) } : {}),
      },
      node.name,
    );
  },
};
