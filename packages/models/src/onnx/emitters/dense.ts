import type { DenseNode } from '../../description/types';
import type { OnnxEmitter } from '../emit-context';
import { foldNorm } from '../layout';

/** Dense: y = x·W + b with tfjs's [in, out] kernel as is (Gemm without transposes); BN folded. */
export const denseEmitter: OnnxEmitter<DenseNode> = {
  emit(node, [x], ctx) {
    const kernel = ctx.weight('kernel');
    const { kernel: k, bias } = foldNorm(kernel.data, node.useBias ? ctx.weight('bias').data : undefined, ctx.fold);
    const w = ctx.g.floats(`${node.name}/kernel`, k, kernel.shape);
    if (!bias) return ctx.g.node('MatMul', [x, w], {}, node.name);
    return ctx.g.node('Gemm', [x, w, ctx.g.floats(`${node.name}/bias`, bias, [bias.length])], {}, node.name);
  },
};
