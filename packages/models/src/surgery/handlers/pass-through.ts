import type { LayerNode } from '../../description/types';
import type { SurgeryHandler } from '../handler';

/** Per-channel layers without weights (ReLU, pooling, dropout, global pooling, crop): channels flow through. */
export function passThroughSurgery<N extends LayerNode>(): SurgeryHandler<N> {
  return { removeInputs: (node, keep) => ({ node, passOn: keep }) };
}
