import type { LayerKind, LayerNode, NodeOfKind } from '../description/types';
import { addKind } from './add';
import { batchNormKind } from './bn';
import { convKind } from './conv';
import { convTransposeKind } from './conv-transpose';
import { cropKind } from './crop';
import { denseKind } from './dense';
import { dropoutKind } from './dropout';
import { flattenKind } from './flatten';
import { globalAvgPoolKind } from './gap';
import { inputKind } from './input';
import type { LayerKindSpec } from './kind-spec';
import { maxPoolKind } from './maxpool';
import { reluKind } from './relu';

export * from './kind-spec';

/** One entry per layer kind; the mapped type makes a missing kind a compile error. */
export const layerKinds: { [K in LayerKind]: LayerKindSpec<NodeOfKind<K>> } = {
  input: inputKind,
  conv: convKind,
  bn: batchNormKind,
  relu: reluKind,
  maxpool: maxPoolKind,
  flatten: flattenKind,
  dense: denseKind,
  add: addKind,
  gap: globalAvgPoolKind,
  dropout: dropoutKind,
  'conv-transpose': convTransposeKind,
  crop: cropKind,
};

/** The spec of a node's kind. */
export function kindSpec<N extends LayerNode>(node: N): LayerKindSpec<N> {
  // reason: TypeScript cannot correlate `node.kind` with the mapped table's entry type.
  return layerKinds[node.kind] as unknown as LayerKindSpec<N>;
}
