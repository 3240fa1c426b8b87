import type { LayerNode } from '../../description/types';
import { CoupledChannelsError, type SurgeryHandler } from '../handler';

/** Nodes that tie channels of several branches together (a residual add): removing from one side is refused. */
export function coupledSurgery<N extends LayerNode>(): SurgeryHandler<N> {
  return {
    removeInputs(node) {
      throw new CoupledChannelsError(
        `'${node.name}' (${node.kind}) adds this output to another branch channel by channel; residual-coupled ` +
          'channels cannot be removed one layer at a time',
      );
    },
  };
}
