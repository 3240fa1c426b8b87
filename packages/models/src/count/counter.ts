import { inferShapes, shapeContext } from '../description/graph';
import type { LayerKind, ModelDescription, Shape } from '../description/types';
import { kindSpec } from '../layers';

/** How multiply-accumulates are counted, printed beside every MAC figure. */
export const MAC_FORMULA =
  'MACs per image = Σ conv H_out·W_out·k·k·C_in·C_out + Σ depthwise conv H_out·W_out·k·k·C + ' +
  'Σ transposed conv H_in·W_in·k·k·C_in·C_out + ' +
  'Σ dense N_in·N_out; biases, BN, ReLU, pooling and additions are not counted (the "FLOPs" of Li et al. 2017)';

/** How parameters are counted. */
export const PARAM_FORMULA =
  'params = conv/depthwise/dense/transposed-conv weights + biases + BN γ and β (trainable); BN moving mean and variance, ' +
  'and frozen layers, are counted separately as non-trainable';

export interface LayerCount {
  name: string;
  kind: LayerKind;
  outputShape: Shape;
  params: number;
  nonTrainableParams: number;
  macs: number;
}

export interface ModelCount {
  layers: LayerCount[];
  /** Trainable parameters. */
  params: number;
  nonTrainableParams: number;
  /** Multiply-accumulates per image at the description's input shape. */
  macs: number;
  inputShape: Shape;
}

const product = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** Parameters and MACs of any description, pruned or not, from the description alone. */
export function countModel(description: ModelDescription): ModelCount {
  const shapes = inferShapes(description);
  const layers = description.nodes.map((node): LayerCount => {
    const ctx = shapeContext(node, shapes);
    const spec = kindSpec(node);
    const outputShape = shapes.get(node.name) as Shape;
    let params = 0;
    let nonTrainableParams = 0;
    for (const w of spec.weights(node, ctx)) {
      if (w.trainable) params += product(w.shape);
      else nonTrainableParams += product(w.shape);
    }
    return { name: node.name, kind: node.kind, outputShape, params, nonTrainableParams, macs: spec.macs(node, ctx, outputShape) };
  });
  const sum = (f: (l: LayerCount) => number): number => layers.reduce((a, l) => a + f(l), 0);
  return {
    layers,
    params: sum((l) => l.params),
    nonTrainableParams: sum((l) => l.nonTrainableParams),
    macs: sum((l) => l.macs),
    inputShape: [...description.inputShape],
  };
}
