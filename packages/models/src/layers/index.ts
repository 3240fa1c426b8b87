import type { LayerKind, LayerNode, NodeOfKind } from '../description/types';
import { addKind } from './add';
import { avgPoolKind } from './avgpool';
import { batchNormKind } from './bn';
import { concatKind } from './concat';
import { convKind } from './conv';
import { convTransposeKind } from './conv-transpose';
import { cropKind } from './crop';
import { denseKind } from './dense';
import { depthwiseConvKind } from './depthwise-conv';
import { dropoutKind } from './dropout';
import { flattenKind } from './flatten';
import { globalAvgPoolKind } from './gap';
import { inputKind } from './input';
import type { LayerKindSpec } from './kind-spec';
import { maxPoolKind } from './maxpool';
import { reluKind } from './relu';
import { zeroPadKind } from './zeropad';

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
  'depthwise-conv': depthwiseConvKind,
  avgpool: avgPoolKind,
  zeropad: zeroPadKind,
  concat: concatKind,
};

/** The spec of a node's kind. */
export function kindSpec<N extends LayerNode>(node: N): LayerKindSpec<N> {
  // reason: TypeScript cannot correlate `node.kind` with the mapped table's entry type.
  return layerKinds[node.kind] as unknown as LayerKindSpec<N>;
}
