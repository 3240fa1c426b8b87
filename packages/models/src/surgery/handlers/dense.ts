import type { DenseNode } from '../../description/types';
import type { SurgeryHandler } from '../handler';

/** Dense kernels are [in, out]: outputs are axis 1 (and the bias), inputs axis 0. */
export const denseSurgery: SurgeryHandler<DenseNode> = {
  removeOutputs(node, keep, ctx) {
    ctx.weights?.gather('kernel', keep, 1);
    if (node.useBias) ctx.weights?.gather('bias', keep, 0);
    return { ...node, units: keep.length };
  },
  removeInputs(node, keep, ctx) {
    ctx.weights?.gather('kernel', keep, 0);
    return { node };
  },
};
