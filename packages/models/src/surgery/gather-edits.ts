import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@l2p/runtime';
import { type Weights, weightName } from '../weights/types';
import type { WeightEditor } from './handler';

/** The weights a removal gathers, collected apart from the originals until the whole removal has succeeded. */
export interface GatherEdits {
  editorFor(node: string): WeightEditor;
  /** Every weight: the edited ones, and copies of the rest (the input weights stay the caller's). */
  result(): Weights;
  /** Frees the edited tensors (after a failed removal). */
  dispose(): void;
}

/** `what` names the removal in the error for a missing weight ("filters of 'conv1'"). */
export function gatherEdits(weights: Weights, what: string): GatherEdits {
  const edited = new Map<string, tf.Tensor>();
  return {
    editorFor: (node) => ({
      gather(param, indices, axis) {
        const key = weightName(node, param);
        const current = edited.get(key) ?? weights[key];
        if (!current) throw new ConfigError(`weights have no '${key}', needed to remove ${what}`);
        // A copy with its own storage: the wasm backend's GatherV2 output carries a stale 4-D shape in the
        // backend's own bookkeeping, and wasm's FusedConv2D rejects such a tensor as a bias ("only supports rank-1
        // bias").
        const gathered = tf.gather(current, indices, axis);
        const next = tf.tensor(gathered.dataSync(), gathered.shape, gathered.dtype);
        gathered.dispose();
        edited.get(key)?.dispose();
        edited.set(key, next);
      },
    }),
    result: () => Object.fromEntries(Object.entries(weights).map(([key, tensor]) => [key, edited.get(key) ?? tf.clone(tensor)])),
    dispose: () => edited.forEach((t) => t.dispose()),
  };
}
