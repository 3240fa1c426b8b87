import type * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@l2p/runtime';
import type { LayerNode, Padding } from '../description/types';

/** A tf.js layer's config as stored in model.json (snake-cased keys are converted by tf.js to camelCase). */
export type LayerConfig = Record<string, unknown>;

export interface ConvertContext {
  /** The tf.js layer (its name is the node name of its main output). */
  layer: tf.layers.Layer;
  config: LayerConfig;
  /** Node names carrying this layer's inputs. */
  inputs: string[];
  /** This layer produces the model's output (a final softmax becomes the description's outputActivation). */
  isOutput: boolean;
  /** The layer's weights by tf.js parameter name (`kernel`, `bias`, `gamma`, …). */
  weights: Map<string, tf.Tensor>;
}

export interface Converted {
  nodes: LayerNode[];
  /** `node/param` → tensor (taken from the layer, or made here, e.g. a BN's γ = 1 when scale is off). */
  weights: Record<string, tf.Tensor>;
  /** The node carrying the layer's output. */
  output: string;
  /** Set when the layer ends the model with a softmax. */
  outputActivation?: 'softmax';
}

type Converter = (ctx: ConvertContext, tfjs: typeof tf) => Converted;

function refuse(ctx: ConvertContext, what: string): never {
  throw new ConfigError(`layer '${ctx.layer.name}' (${ctx.layer.getClassName()}): ${what}`);
}

/** A square size (kernel, pool, stride) from a number or a [h, w] pair. */
function square(ctx: ConvertContext, key: string): number {
  const v = ctx.config[key];
  const pair = Array.isArray(v) ? (v as number[]) : [v as number, v as number];
  if (pair.length !== 2 || pair[0] !== pair[1] || !Number.isInteger(pair[0])) refuse(ctx, `${key} must be square, got ${JSON.stringify(v)}`);
  return pair[0];
}

function padding(ctx: ConvertContext): Padding {
  const p = ctx.config.padding;
  if (p !== 'same' && p !== 'valid') refuse(ctx, `padding must be 'same' or 'valid', got ${JSON.stringify(p)}`);
  return p;
}

function channelsLast(ctx: ConvertContext): void {
  const f = ctx.config.dataFormat;
  if (f !== undefined && f !== null && f !== 'channelsLast') refuse(ctx, `data format must be channelsLast, got ${JSON.stringify(f)}`);
}

function noDilation(ctx: ConvertContext): void {
  const d = ctx.config.dilationRate;
  const values = d === undefined || d === null ? [1] : Array.isArray(d) ? (d as number[]) : [d as number];
  if (values.some((v) => v !== 1)) refuse(ctx, `dilation must be 1, got ${JSON.stringify(d)}`);
}

function weight(ctx: ConvertContext, param: string): tf.Tensor {
  const t = ctx.weights.get(param);
  if (!t) refuse(ctx, `has no weight '${param}'`);
  return t;
}

/** A fused activation of Conv2D / Dense / DepthwiseConv2D / Activation: linear, relu, or (at the output) softmax. */
function activationAfter(ctx: ConvertContext, from: string, base: Converted): Converted {
  const a = (ctx.config.activation ?? 'linear') as string;
  if (a === 'linear') return base;
  if (a === 'relu') {
    const name = base.nodes.length === 0 ? ctx.layer.name : `${ctx.layer.name}_relu`;
    return { ...base, nodes: [...base.nodes, { kind: 'relu', name, inputs: [from] }], output: name };
  }
  if (a === 'softmax' && ctx.isOutput) return { ...base, outputActivation: 'softmax' };
  return refuse(ctx, `activation '${a}' is not supported (relu, linear, and softmax as the model's last activation are)`);
}

const convert: Record<string, Converter> = {
  Conv2D(ctx) {
    channelsLast(ctx);
    noDilation(ctx);
    // Keras' grouped convolution (its `groups` config; not our channel groups).
    const convGroups = ctx.config.groups;
    if (convGroups !== undefined && convGroups !== 1) refuse(ctx, `grouped convolution (groups ${String(convGroups)}) is not supported`);
    const useBias = ctx.config.useBias !== false;
    const name = `${ctx.layer.name}`;
    const node: LayerNode = {
      kind: 'conv',
      name,
      inputs: ctx.inputs,
      filters: ctx.config.filters as number,
      kernel: square(ctx, 'kernelSize'),
      stride: square(ctx, 'strides'),
      padding: padding(ctx),
      useBias,
    };
    const weights: Record<string, tf.Tensor> = { [`${name}/kernel`]: weight(ctx, 'kernel') };
    if (useBias) weights[`${name}/bias`] = weight(ctx, 'bias');
    return activationAfter(ctx, name, { nodes: [node], weights, output: name });
  },
  DepthwiseConv2D(ctx) {
    channelsLast(ctx);
    noDilation(ctx);
    if ((ctx.config.depthMultiplier ?? 1) !== 1) refuse(ctx, `depth multiplier must be 1, got ${String(ctx.config.depthMultiplier)}`);
    const useBias = ctx.config.useBias !== false;
    const name = ctx.layer.name;
    const node: LayerNode = { kind: 'depthwise-conv', name, inputs: ctx.inputs, kernel: square(ctx, 'kernelSize'), stride: square(ctx, 'strides'), padding: padding(ctx), useBias };
    const weights: Record<string, tf.Tensor> = { [`${name}/depthwise_kernel`]: weight(ctx, 'depthwise_kernel') };
    if (useBias) weights[`${name}/bias`] = weight(ctx, 'bias');
    return activationAfter(ctx, name, { nodes: [node], weights, output: name });
  },
  BatchNormalization(ctx, tfjs) {
    const axis = ctx.config.axis as number;
    const rank = (ctx.layer.inputSpec?.[0]?.ndim ?? (ctx.layer.input as tf.SymbolicTensor).shape.length) as number;
    if (axis !== -1 && axis !== rank - 1) refuse(ctx, `axis must be the channel (last) axis, got ${axis}`);
    const name = ctx.layer.name;
    const mean = weight(ctx, 'moving_mean');
    const gamma = ctx.config.scale === false ? tfjs.onesLike(mean) : weight(ctx, 'gamma');
    const beta = ctx.config.center === false ? tfjs.zerosLike(mean) : weight(ctx, 'beta');
    return {
      nodes: [{ kind: 'bn', name, inputs: ctx.inputs, epsilon: ctx.config.epsilon as number, momentum: ctx.config.momentum as number }],
      weights: { [`${name}/gamma`]: gamma, [`${name}/beta`]: beta, [`${name}/moving_mean`]: mean, [`${name}/moving_variance`]: weight(ctx, 'moving_variance') },
      output: name,
    };
  },
  Activation(ctx) {
    const a = ctx.config.activation as string;
    if (a === 'linear') return { nodes: [], weights: {}, output: ctx.inputs[0] };
    return activationAfter(ctx, ctx.inputs[0], { nodes: [], weights: {}, output: ctx.inputs[0] });
  },
  ReLU(ctx) {
    const max = ctx.config.maxValue;
    if (max !== undefined && max !== null) refuse(ctx, `a capped ReLU (maxValue ${String(max)}) is not supported`);
    return { nodes: [{ kind: 'relu', name: ctx.layer.name, inputs: ctx.inputs }], weights: {}, output: ctx.layer.name };
  },
  MaxPooling2D(ctx) {
    channelsLast(ctx);
    const size = square(ctx, 'poolSize');
    const stride = ctx.config.strides === null || ctx.config.strides === undefined ? size : square(ctx, 'strides');
    return { nodes: [{ kind: 'maxpool', name: ctx.layer.name, inputs: ctx.inputs, size, stride, padding: padding(ctx) }], weights: {}, output: ctx.layer.name };
  },
  AveragePooling2D(ctx) {
    channelsLast(ctx);
    const size = square(ctx, 'poolSize');
    const stride = ctx.config.strides === null || ctx.config.strides === undefined ? size : square(ctx, 'strides');
    return { nodes: [{ kind: 'avgpool', name: ctx.layer.name, inputs: ctx.inputs, size, stride, padding: padding(ctx) }], weights: {}, output: ctx.layer.name };
  },
  GlobalAveragePooling2D(ctx) {
    channelsLast(ctx);
    if (ctx.config.keepDims === true) refuse(ctx, 'keepDims is not supported');
    return { nodes: [{ kind: 'gap', name: ctx.layer.name, inputs: ctx.inputs }], weights: {}, output: ctx.layer.name };
  },
  ZeroPadding2D(ctx) {
    channelsLast(ctx);
    const p = ctx.config.padding;
    let pads: [number, number, number, number];
    if (typeof p === 'number') pads = [p, p, p, p];
    else if (Array.isArray(p) && p.every((v) => typeof v === 'number')) pads = [p[0], p[0], p[1], p[1]] as [number, number, number, number];
    else if (Array.isArray(p) && p.length === 2) pads = [...(p[0] as number[]), ...(p[1] as number[])] as [number, number, number, number];
    else refuse(ctx, `padding ${JSON.stringify(p)} is not understood`);
    return { nodes: [{ kind: 'zeropad', name: ctx.layer.name, inputs: ctx.inputs, pads }], weights: {}, output: ctx.layer.name };
  },
  Flatten(ctx) {
    channelsLast(ctx);
    return { nodes: [{ kind: 'flatten', name: ctx.layer.name, inputs: ctx.inputs }], weights: {}, output: ctx.layer.name };
  },
  Dense(ctx) {
    const useBias = ctx.config.useBias !== false;
    const name = ctx.layer.name;
    const node: LayerNode = { kind: 'dense', name, inputs: ctx.inputs, units: ctx.config.units as number, useBias, ...(ctx.isOutput ? { fixedWidth: true } : {}) };
    const weights: Record<string, tf.Tensor> = { [`${name}/kernel`]: weight(ctx, 'kernel') };
    if (useBias) weights[`${name}/bias`] = weight(ctx, 'bias');
    return activationAfter(ctx, name, { nodes: [node], weights, output: name });
  },
  Dropout(ctx) {
    return { nodes: [{ kind: 'dropout', name: ctx.layer.name, inputs: ctx.inputs, rate: ctx.config.rate as number }], weights: {}, output: ctx.layer.name };
  },
  Add(ctx) {
    return { nodes: [{ kind: 'add', name: ctx.layer.name, inputs: ctx.inputs }], weights: {}, output: ctx.layer.name };
  },
  Concatenate(ctx) {
    const axis = (ctx.config.axis ?? -1) as number;
    const rank = (ctx.layer.output as tf.SymbolicTensor).shape.length;
    if (axis !== -1 && axis !== rank - 1) refuse(ctx, `only concatenation along the channel (last) axis is supported, got axis ${axis}`);
    return { nodes: [{ kind: 'concat', name: ctx.layer.name, inputs: ctx.inputs }], weights: {}, output: ctx.layer.name };
  },
};

/** The tf.js layer classes an import understands (InputLayer aside). The list derives from the converters. */
export const SUPPORTED_LAYER_CLASSES: readonly string[] = Object.keys(convert);

export function converterFor(className: string): Converter | undefined {
  return Object.prototype.hasOwnProperty.call(convert, className) ? convert[className] : undefined;
}
