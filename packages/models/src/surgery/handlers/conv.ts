import type { ConvNode } from '../../description/types';
import type { SurgeryHandler } from '../handler';

/** Conv kernels are [kh, kw, in, out]: outputs are axis 3 (and the bias), inputs axis 2. */
export const convSurgery: SurgeryHandler<ConvNode> = {
  removeOutputs(node, keep, ctx) {
    ctx.weights?.gather('kernel', keep, 3);
    if (node.useBias) ctx.weights?.gather('bias', keep, 0);
    return { ...node, filters: keep.length };
  },
  removeInputs(node, keep, ctx) {
    ctx.weights?.gather('kernel', keep, 2);
    return { node };
  },
};
