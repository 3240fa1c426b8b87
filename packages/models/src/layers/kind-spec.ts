import * as tf from '@tensorflow/tfjs';
import type { LayerNode, Shape } from '../description/types';

/** How a weight starts out before training. */
export type InitKind = 'he-normal' | 'glorot-uniform' | 'zeros' | 'ones' | 'bilinear';

/** One weight of a node; its full name is `${node.name}/${param}` (the tfjs-layers weight name). */
export interface WeightSpec {
  param: string;
  shape: number[];
  trainable: boolean;
  init: InitKind;
}

export interface ShapeContext {
  /** Output shapes of the node's inputs, in order. */
  inputs: Shape[];
  /** Output shape of any earlier node (for nodes that refer to another node's size, like crop). */
  shapeOf(name: string): Shape;
}

export interface ApplyContext {
  training: boolean;
  /** This node's weight `param`. */
  weight(param: string): tf.Tensor;
  /** Training only: a BN layer hands over its batch statistics for the moving-average update. */
  onBatchStats?(mean: tf.Tensor, variance: tf.Tensor, count: number): void;
  /** Seed for this node's random draws in this step (dropout). */
  seed: number;
  /** This node's output shape per image, from the description. */
  outputShape: Shape;
}

export type TfLayer = tf.layers.Layer;

/** Everything the package knows about one layer kind; one file per kind, listed once in `layerKinds`. */
export interface LayerKindSpec<N extends LayerNode> {
  outputShape(node: N, ctx: ShapeContext): Shape;
  weights(node: N, ctx: ShapeContext): WeightSpec[];
  /** Multiply-accumulates per image (see `MAC_FORMULA`). */
  macs(node: N, ctx: ShapeContext, output: Shape): number;
  /** The equivalent tfjs-layers layer (not called for 'input'). */
  toLayer(node: N, ctx: ShapeContext): TfLayer;
  /** Functional forward over batched NHWC tensors. */
  apply(node: N, inputs: tf.Tensor[], ctx: ApplyContext): tf.Tensor;
}

export function spatial(shape: Shape, what: string): [number, number, number] {
  if (shape.length !== 3) throw new Error(`${what} needs an [H, W, C] input, got [${shape.join(', ')}]`);
  return [shape[0], shape[1], shape[2]];
}

export function lastDim(shape: Shape): number {
  return shape[shape.length - 1];
}

/** Output length of a conv/pool along one axis, TensorFlow semantics. */
export function convOutLength(size: number, kernel: number, stride: number, padding: 'same' | 'valid'): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - kernel) / stride) + 1;
}
