import type { AddNode } from '../../description/types';
import { CoupledChannelsError, type SurgeryHandler } from '../handler';

/**
 * A residual add sums its inputs channel by channel: a removal may pass only when it is a group's and every input
 * arrives with the same channels removed (see description/channel-groups.ts); one layer alone is refused.
 */
export const addSurgery: SurgeryHandler<AddNode> = {
  removeInputs(node, keep, ctx) {
    if (!ctx.group) {
      throw new CoupledChannelsError(
        `'${node.name}' (add) adds this output to another branch channel by channel; residual-coupled ` +
          'channels cannot be removed one layer at a time (prune the coupled group together)',
      );
    }
    const keeps = ctx.inputKeeps ?? [keep];
    if (keeps.some((k) => k === undefined || k.join() !== keep.join())) {
      throw new CoupledChannelsError(`'${node.name}' (add): its inputs would lose different channels; the group does not cover all of them`);
    }
    return { node, passOn: keep };
  },
};
