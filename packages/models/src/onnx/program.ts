import { consumersByName, inferShapes } from '../description/graph';
import type { BatchNormNode, LayerNode, ModelDescription, Shape } from '../description/types';
import { type Weights, weightName } from '../weights/types';
import type { CandidateContext, EmitContext, NormMode, NormParams, WeightData } from './emit-context';
import { emitterFor } from './emitters';
import type { OnnxGraphBuilder } from './graph-builder';

/** Layer kinds a following BN folds into (a per-output-channel scale of the kernel and a shift of the bias). */
const FOLDS_NORM = new Set(['conv', 'dense', 'depthwise-conv']);

/** BN name → the conv/dense/depthwise layer it can fold into (that layer's sole consumer is the BN). */
export function foldableNorms(description: ModelDescription): Map<string, string> {
  const consumers = consumersByName(description);
  const byName = new Map(description.nodes.map((n) => [n.name, n]));
  const out = new Map<string, string>();
  for (const node of description.nodes) {
    if (node.kind !== 'bn') continue;
    const producer = byName.get(node.inputs[0]);
    if (producer && FOLDS_NORM.has(producer.kind) && consumers.get(producer.name)?.length === 1) out.set(node.name, producer.name);
  }
  return out;
}

export interface RegionOptions {
  description: ModelDescription;
  weights: Weights;
  /** The nodes to emit, in description order. */
  nodes: readonly LayerNode[];
  /** Values already in the graph (graph inputs): description node name → value name. Extended in place. */
  values: Map<string, string>;
  /** How each BN of the region normalises; 'folded' ones must be foldable (see foldableNorms). */
  norm(node: BatchNormNode): NormMode;
  candidates?: CandidateContext;
  /** Rewrites a node's output value after it is emitted (a suffix masks a unit's later mask points). */
  after?(node: LayerNode, value: string): string;
}

/** Reads a weight of the description as float32 data (tfjs layout). */
export function weightReader(weights: Weights): (layer: string, param: string) => WeightData {
  return (layer, param) => {
    const t = weights[weightName(layer, param)];
    if (!t) throw new Error(`weights have no '${weightName(layer, param)}'`);
    return { data: t.dataSync() as Float32Array, shape: [...t.shape] };
  };
}

/** Emits `nodes` through the per-kind emitter table, folding BNs whose mode is 'folded' into their producers. */
export function emitRegion(g: OnnxGraphBuilder, options: RegionOptions): Map<string, string> {
  const { description, values } = options;
  const shapes = inferShapes(description);
  const shapeOf = (name: string): Shape => {
    const s = shapes.get(name);
    if (!s) throw new Error(`no shape for '${name}'`);
    return s;
  };
  const read = weightReader(options.weights);
  const foldable = foldableNorms(description);
  // Producer → the BN folded into it.
  const folds = new Map<string, BatchNormNode>();
  for (const node of options.nodes) {
    if (node.kind !== 'bn' || options.norm(node) !== 'folded') continue;
    const producer = foldable.get(node.name);
    if (!producer) throw new Error(`bn '${node.name}' cannot be folded: its input is not a conv or dense layer used by it alone`);
    folds.set(producer, node);
  }
  const normParams = (bn: BatchNormNode): NormParams => ({
    gamma: read(bn.name, 'gamma').data,
    beta: read(bn.name, 'beta').data,
    mean: read(bn.name, 'moving_mean').data,
    variance: read(bn.name, 'moving_variance').data,
    epsilon: bn.epsilon,
  });
  for (const node of options.nodes) {
    const inputs = node.inputs.map((n) => {
      const v = values.get(n);
      if (v === undefined) throw new Error(`onnx export: '${n}' (input of '${node.name}') is not available`);
      return v;
    });
    const folded = folds.get(node.name);
    const ctx: EmitContext = {
      g,
      weight: (param) => read(node.name, param),
      inputShapes: node.inputs.map(shapeOf),
      outputShape: shapeOf(node.name),
      shapeOf,
      fold: folded ? normParams(folded) : undefined,
      norm: node.kind === 'bn' ? options.norm(node) : 'moving',
      candidates: options.candidates,
    };
    const value = emitterFor(node).emit(node, inputs, ctx);
    values.set(node.name, options.after ? options.after(node, value) : value);
  }
  return values;
}

/** ONNX dims of a value for a per-image description shape: [H, W, C] → [N, C, H, W]; [F] → [N, F]. */
export function nchwDims(shape: Shape, batch: string | number = 'N'): (string | number)[] {
  return shape.length === 3 ? [batch, shape[2], shape[0], shape[1]] : [batch, ...shape];
}
