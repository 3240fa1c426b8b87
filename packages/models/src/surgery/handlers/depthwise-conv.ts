import type { DepthwiseConvNode } from '../../description/types';
import { DEPTHWISE_KERNEL } from '../../layers/depthwise-conv';
import type { SurgeryHandler } from '../handler';

/**
 * A depthwise conv (multiplier 1) filters each channel alone: kernel [k, k, C, 1], bias [C]. Its channels are its
 * input's, so it has no outputs of its own to remove; a removal arriving at its input shrinks axis 2 of the kernel
 * and the bias, and flows on.
 */
export const depthwiseConvSurgery: SurgeryHandler<DepthwiseConvNode> = {
  removeInputs(node, keep, ctx) {
    ctx.weights?.gather(DEPTHWISE_KERNEL, keep, 2);
    if (node.useBias) ctx.weights?.gather('bias', keep, 0);
    return { node, passOn: keep };
  },
};
