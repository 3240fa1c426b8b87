import type { LayerKind, LayerNode, NodeOfKind } from '../description/types';
import type { SurgeryHandler } from './handler';
import { addSurgery } from './handlers/add';
import { batchNormSurgery } from './handlers/bn';
import { concatSurgery } from './handlers/concat';
import { convSurgery } from './handlers/conv';
import { convTransposeSurgery } from './handlers/conv-transpose';
import { coupledSurgery } from './handlers/coupled';
import { denseSurgery } from './handlers/dense';
import { depthwiseConvSurgery } from './handlers/depthwise-conv';
import { flattenSurgery } from './handlers/flatten';
import { passThroughSurgery } from './handlers/pass-through';

/** Surgery per layer kind; the mapped type makes a kind without a handler a compile error. */
export const surgeryHandlers: { [K in LayerKind]: SurgeryHandler<NodeOfKind<K>> } = {
  input: coupledSurgery(),
  conv: convSurgery,
  bn: batchNormSurgery,
  relu: passThroughSurgery(),
  maxpool: passThroughSurgery(),
  flatten: flattenSurgery,
  dense: denseSurgery,
  add: addSurgery,
  gap: passThroughSurgery(),
  dropout: passThroughSurgery(),
  'conv-transpose': convTransposeSurgery,
  crop: passThroughSurgery(),
  'depthwise-conv': depthwiseConvSurgery,
  avgpool: passThroughSurgery(),
  zeropad: passThroughSurgery(),
  concat: concatSurgery,
};

export function surgeryFor<N extends LayerNode>(node: N): SurgeryHandler<N> {
  // reason: TypeScript cannot correlate `node.kind` with the mapped table's entry type.
  return surgeryHandlers[node.kind] as unknown as SurgeryHandler<N>;
}
