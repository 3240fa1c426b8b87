import type { LayerNode } from '../../description/types';
import { CoupledChannelsError, type SurgeryHandler } from '../handler';

/** Nodes whose channels cannot be removed at all (the model input). */
export function coupledSurgery<N extends LayerNode>(): SurgeryHandler<N> {
  return {
    removeInputs(node) {
      throw new CoupledChannelsError(
        `'${node.name}' (${node.kind}) has channels that cannot be removed`,
      );
    },
  };
}
