import type { BatchNormNode } from '../../description/types';
import { BN_PARAMS } from '../../layers/bn';
import type { SurgeryHandler } from '../handler';

/** BN is per channel: all four vectors shrink with the channels, which then flow on. */
export const batchNormSurgery: SurgeryHandler<BatchNormNode> = {
  removeInputs(node, keep, ctx) {
    for (const param of BN_PARAMS) ctx.weights?.gather(param, keep, 0);
    return { node, passOn: keep };
  },
};
