import * as tf from '@tensorflow/tfjs';
import { consumersByName, inferShapes, shapeContext } from '../description/graph';
import type { BatchNormNode, ConvNode, DenseNode, DepthwiseConvNode, LayerNode, ModelDescription, ReluNode } from '../description/types';
import { DEPTHWISE_KERNEL } from '../layers/depthwise-conv';
import { kindSpec } from '../layers';
import { type Weights, weightName } from '../weights/types';

/** One step of the inference program: computes `name` from `inputs`. */
export interface InferenceOp {
  name: string;
  inputs: string[];
  run(inputs: tf.Tensor[]): tf.Tensor;
}

export interface CompiledNet {
  ops: InferenceOp[];
  /** Node name → the op output that carries its value (fused nodes and dropouts map to a later/earlier name). */
  alias: Map<string, string>;
  /** Tensors the program owns (folded kernels and copies of the other weights). */
  owned: tf.Tensor[];
}

/**
 * Compiles a description + weights into inference ops, folding BN into the preceding conv/dense/depthwise conv
 * (W' = W·γ/√(σ²+ε), b' = (b − μ)·γ/√(σ²+ε) + β) and fusing a following ReLU, and dropping dropouts.
 */
export function compileInference(description: ModelDescription, weights: Weights): CompiledNet {
  const shapes = inferShapes(description);
  const consumers = consumersByName(description);
  const byName = new Map(description.nodes.map((n) => [n.name, n]));
  const owned: tf.Tensor[] = [];
  const own = <T extends tf.Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  const weight = (layer: string, param: string): tf.Tensor => {
    const t = weights[weightName(layer, param)];
    if (!t) throw new Error(`weights have no '${weightName(layer, param)}'`);
    return t;
  };
  const alias = new Map<string, string>();
  const resolve = (name: string): string => alias.get(name) ?? name;
  const soleConsumer = (name: string): LayerNode | undefined => {
    const c = consumers.get(name) ?? [];
    return c.length === 1 ? byName.get(c[0]) : undefined;
  };
  const ops: InferenceOp[] = [];
  const skip = new Set<string>();

  for (const node of description.nodes) {
    if (skip.has(node.name) || node.kind === 'input') continue;
    if (node.kind === 'dropout') {
      alias.set(node.name, resolve(node.inputs[0]));
      continue;
    }
    if (node.kind === 'conv' || node.kind === 'dense' || node.kind === 'depthwise-conv') {
      const next = soleConsumer(node.name);
      const norm = next?.kind === 'bn' ? (next as BatchNormNode) : undefined;
      const afterNorm = norm ? soleConsumer(norm.name) : next;
      const relu = afterNorm?.kind === 'relu' ? (afterNorm as ReluNode) : undefined;
      const { kernel, bias } = tf.tidy(() => foldLinear(node, norm, (l, p) => weight(l, p)));
      own(kernel);
      own(bias);
      const last = relu ?? norm ?? node;
      for (const n of [node, norm, relu]) if (n && n !== last) alias.set(n.name, last.name);
      if (norm) skip.add(norm.name);
      if (relu) skip.add(relu.name);
      ops.push({ name: last.name, inputs: [resolve(node.inputs[0])], run: linearOp(node, kernel, bias, relu ? 'relu' : 'linear') });
      continue;
    }
    const spec = kindSpec(node);
    const ctx = shapeContext(node, shapes);
    const params = new Map(spec.weights(node, ctx).map((w) => [w.param, own(tf.clone(weight(node.name, w.param)))]));
    const outputShape = shapes.get(node.name) ?? [];
    ops.push({
      name: node.name,
      inputs: node.inputs.map(resolve),
      run: (inputs) =>
        spec.apply(node, inputs, {
          training: false,
          seed: 0,
          outputShape,
          weight: (p) => params.get(p) as tf.Tensor,
        }),
    });
  }
  return { ops, alias, owned };
}

type LinearNode = ConvNode | DenseNode | DepthwiseConvNode;

function foldLinear(
  node: LinearNode,
  norm: BatchNormNode | undefined,
  weight: (layer: string, param: string) => tf.Tensor,
): { kernel: tf.Tensor; bias: tf.Tensor } {
  const depthwise = node.kind === 'depthwise-conv';
  const kernel = weight(node.name, depthwise ? DEPTHWISE_KERNEL : 'kernel');
  // A depthwise kernel [k, k, C, 1] has its channels on axis 2; the others on the last axis.
  const outChannels = kernel.shape[kernel.shape.length - (depthwise ? 2 : 1)];
  const bias = node.useBias ? weight(node.name, 'bias') : tf.zeros([outChannels]);
  if (!norm) return { kernel: tf.clone(kernel), bias: tf.clone(bias) };
  const scale = tf.div(weight(norm.name, 'gamma'), tf.sqrt(tf.add(weight(norm.name, 'moving_variance'), norm.epsilon)));
  return {
    kernel: tf.mul(kernel, depthwise ? tf.reshape(scale, [outChannels, 1]) : scale),
    bias: tf.add(tf.mul(tf.sub(bias, weight(norm.name, 'moving_mean')), scale), weight(norm.name, 'beta')),
  };
}

function linearOp(
  node: LinearNode,
  kernel: tf.Tensor,
  bias: tf.Tensor,
  activation: 'relu' | 'linear',
): (inputs: tf.Tensor[]) => tf.Tensor {
  if (node.kind === 'conv' || node.kind === 'depthwise-conv') {
    // The two fused ops take the same arguments; a depthwise kernel is [kh, kw, in, multiplier].
    const conv = node.kind === 'conv' ? tf.fused.conv2d : tf.fused.depthwiseConv2d;
    return ([x]) => conv({ x: x as tf.Tensor4D, filter: kernel as tf.Tensor4D, strides: node.stride, pad: node.padding, bias, activation });
  }
  return ([x]) => tf.fused.matMul({ a: x as tf.Tensor2D, b: kernel as tf.Tensor2D, bias, activation });
}
