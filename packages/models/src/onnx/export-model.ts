import { inferShapes } from '../description/graph';
import type { ModelDescription } from '../description/types';
import { checkWeights } from '../weights/specs';
import type { Weights } from '../weights/types';
import { ints, OnnxGraphBuilder } from './graph-builder';
import { emitRegion, foldableNorms } from './program';

/** Names of the exported model's input and output. */
export const ONNX_INPUT = 'input';
export const ONNX_OUTPUT = 'output';

/**
 * description + weights → an ONNX ModelProto (opset 13) that computes what the tf.js model does, fed the same
 * tensors: input `input` is NHWC float32 [N, H, W, C], output `output` is [N, classes] logits, or NHWC
 * [N, H, W, classes] scores for segmentation. Inside, the graph runs NCHW (ONNX's native layout; the transposes
 * are at the two ends), every BN that follows a conv or dense layer is folded into it, dropout is dropped.
 */
export function exportOnnx(description: ModelDescription, weights: Weights): Uint8Array {
  checkWeights(description, weights);
  const g = new OnnxGraphBuilder(description.architecture);
  const [input, ...rest] = description.nodes;
  const [h, w, c] = description.inputShape;
  const x = g.input(ONNX_INPUT, ['N', h, w, c]);
  const values = new Map([[input.name, g.node('Transpose', [x], { perm: ints([0, 3, 1, 2]) }, 'input_nchw')]]);
  const foldable = foldableNorms(description);
  emitRegion(g, { description, weights, nodes: rest, values, norm: (bn) => (foldable.has(bn.name) ? 'folded' : 'moving') });
  const outShape = inferShapes(description).get(description.output) ?? [];
  const out = values.get(description.output) as string;
  if (outShape.length === 3) {
    g.output(g.node('Transpose', [out], { perm: ints([0, 2, 3, 1]) }, 'output_nhwc'), ONNX_OUTPUT, ['N', ...outShape]);
  } else {
    g.output(out, ONNX_OUTPUT, ['N', ...outShape]);
  }
  return g.toBytes(`${description.variant}; pruning plan: ${description.plan.length} steps`);
}
