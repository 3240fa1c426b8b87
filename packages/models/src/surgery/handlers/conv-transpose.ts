import type { ConvTransposeNode } from '../../description/types';
import type { SurgeryHandler } from '../handler';

/** Transposed-conv kernels are [kh, kw, out, in]: outputs are axis 2 (and the bias), inputs axis 3. */
export const convTransposeSurgery: SurgeryHandler<ConvTransposeNode> = {
  removeOutputs(node, keep, ctx) {
    ctx.weights?.gather('kernel', keep, 2);
    if (node.useBias) ctx.weights?.gather('bias', keep, 0);
    return { ...node, filters: keep.length };
  },
  removeInputs(node, keep, ctx) {
    ctx.weights?.gather('kernel', keep, 3);
    return { node };
  },
};
