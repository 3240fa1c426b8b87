import type { LayerKind, LayerNode, NodeOfKind } from '../../description/types';
import type { OnnxEmitter } from '../emit-context';
import { addEmitter } from './add';
import { batchNormEmitter } from './bn';
import { convEmitter } from './conv';
import { convTransposeEmitter } from './conv-transpose';
import { cropEmitter } from './crop';
import { denseEmitter } from './dense';
import { dropoutEmitter } from './dropout';
import { flattenEmitter } from './flatten';
import { globalAvgPoolEmitter } from './gap';
import { inputEmitter } from './input';
import { maxPoolEmitter } from './maxpool';
import { reluEmitter } from './relu';

/** ONNX emitter per layer kind; the mapped type makes a kind without one a compile error. */
export const onnxEmitters: { [K in LayerKind]: OnnxEmitter<NodeOfKind<K>> } = {
  input: inputEmitter,
  conv: convEmitter,
  bn: batchNormEmitter,
  relu: reluEmitter,
  maxpool: maxPoolEmitter,
  flatten: flattenEmitter,
  dense: denseEmitter,
  add: addEmitter,
  gap: globalAvgPoolEmitter,
  dropout: dropoutEmitter,
  'conv-transpose': convTransposeEmitter,
  crop: cropEmitter,
};

export function emitterFor<N extends LayerNode>(node: N): OnnxEmitter<N> {
  // reason: TypeScript cannot correlate `node.kind` with the mapped table's entry type.
  return onnxEmitters[node.kind] as unknown as OnnxEmitter<N>;
}
