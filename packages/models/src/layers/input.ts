import type { InputNode } from '../description/types';
import type { LayerKindSpec } from './kind-spec';

export const inputKind: LayerKindSpec<InputNode> = {
  outputShape: (node) => [...node.shape],
  weights: () => [],
  macs: () => 0,
  toLayer: (node) => {
    throw new Error(`input node '${node.name}' is made with tf.input, not as a layer`);
  },
  apply: (node) => {
    throw new Error(`input node '${node.name}' has no forward; its value is the model input`);
  },
};
