/**
 * Model descriptions: plain JSON-able data. Pruning, counting, reports and the builder read these; nothing reads a
 * live tf.LayersModel to learn the architecture. A description is a list of named nodes in topological order;
 * every node names its inputs, so sequential nets (VGG), residual nets (ResNet) and FCNs share one format.
 */

export const LAYER_KINDS = [
  'input',
  'conv',
  'bn',
  'relu',
  'maxpool',
  'flatten',
  'dense',
  'add',
  'gap',
  'dropout',
  'conv-transpose',
  'crop',
  'depthwise-conv',
  'avgpool',
  'zeropad',
  'concat',
] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];

/** Height, width, channels (NHWC without the batch axis), or [features] after a flatten/pool/dense. */
export type Shape = number[];

export type Padding = 'same' | 'valid';

interface NodeBase {
  name: string;
  /** Names of the nodes whose outputs this node consumes, in order. */
  inputs: string[];
}

export interface InputNode extends NodeBase {
  kind: 'input';
  shape: [number, number, number];
}

export interface ConvNode extends NodeBase {
  kind: 'conv';
  filters: number;
  kernel: number;
  stride: number;
  padding: Padding;
  useBias: boolean;
  /** Sized by the class count (a segmentation score layer), so the width multiplier leaves it alone. */
  fixedWidth?: boolean;
}

export interface BatchNormNode extends NodeBase {
  kind: 'bn';
  epsilon: number;
  /** Keras convention: moving = momentum·moving + (1 − momentum)·batch (PyTorch's 0.1 is our 0.9). */
  momentum: number;
}

export interface ReluNode extends NodeBase {
  kind: 'relu';
}

export interface MaxPoolNode extends NodeBase {
  kind: 'maxpool';
  size: number;
  stride: number;
  padding: Padding;
}

/** Row-major NHWC flatten: feature (h·W + w)·C + c. */
export interface FlattenNode extends NodeBase {
  kind: 'flatten';
}

export interface DenseNode extends NodeBase {
  kind: 'dense';
  units: number;
  useBias: boolean;
  /** The classifier: sized by the class count, untouched by the width multiplier. */
  fixedWidth?: boolean;
}

export interface AddNode extends NodeBase {
  kind: 'add';
}

/** Global average pooling: [H, W, C] → [C]. */
export interface GlobalAvgPoolNode extends NodeBase {
  kind: 'gap';
}

export interface DropoutNode extends NodeBase {
  kind: 'dropout';
  rate: number;
}

export interface ConvTransposeNode extends NodeBase {
  kind: 'conv-transpose';
  filters: number;
  kernel: number;
  stride: number;
  useBias: boolean;
  /** 'bilinear': per-channel bilinear upsampling (needs filters == input channels). */
  init: 'bilinear' | 'glorot-uniform';
  trainable: boolean;
  fixedWidth?: boolean;
}

/** Crops its input to the spatial size of `reference` (a node name), starting at `offset` = [top, left]. */
export interface CropNode extends NodeBase {
  kind: 'crop';
  reference: string;
  offset: [number, number];
}

/**
 * Depthwise 3×3-style conv with depth multiplier 1: output channel c is input channel c filtered alone, so its
 * channels are its input's (it is pruned with its producer, or kept whole). Kernel [k, k, C, 1] (tfjs layout).
 */
export interface DepthwiseConvNode extends NodeBase {
  kind: 'depthwise-conv';
  kernel: number;
  stride: number;
  padding: Padding;
  useBias: boolean;
}

/** Average pooling (TensorFlow semantics: 'same' padding averages over the cells inside the image only). */
export interface AvgPoolNode extends NodeBase {
  kind: 'avgpool';
  size: number;
  stride: number;
  padding: Padding;
}

/** Zero padding of height and width: `pads` = [top, bottom, left, right] rows/columns of zeros. */
export interface ZeroPadNode extends NodeBase {
  kind: 'zeropad';
  pads: [number, number, number, number];
}

/** Concatenation along the channel (last) axis, inputs in order: input i's channels start at the sum of those before it. */
export interface ConcatNode extends NodeBase {
  kind: 'concat';
}

export type LayerNode =
  | InputNode
  | ConvNode
  | BatchNormNode
  | ReluNode
  | MaxPoolNode
  | FlattenNode
  | DenseNode
  | AddNode
  | GlobalAvgPoolNode
  | DropoutNode
  | ConvTransposeNode
  | CropNode
  | DepthwiseConvNode
  | AvgPoolNode
  | ZeroPadNode
  | ConcatNode;

export type NodeOfKind<K extends LayerKind> = Extract<LayerNode, { kind: K }>;

/** A layer whose input channels shrink with a group; `offset` is where the group's channels start in its input (a concatenation). */
export interface GroupConsumer {
  layer: string;
  offset: number;
}

/**
 * The one unit of pruning: output channels of one or more conv layers that can only be removed together (summed by
 * a residual add, or shared through a depthwise conv), with the same indices in every member. A plain conv (VGG's)
 * is a group of one. Found by `channelGroups` from the graph alone (see description/channel-groups.ts); which of
 * them a description prunes is its `groups` list.
 */
export interface ChannelGroup {
  /** The group's name: its first member in description order (a one-member group is named by its layer). */
  name: string;
  /** Conv (or dense) layers whose filters are removed, same indices in each, in description order. */
  members: string[];
  /**
   * Where the group's channels are zeroed to score a mask: after each member's BN/activation, and after every other
   * per-channel layer on the way that would turn a zero channel into a non-zero one (a BN after an add, a biased
   * depthwise conv). Zeroing the channels at all of them equals removing them. In description order.
   */
  maskPoints: string[];
  /** Layers whose input channels shrink with the group (with the group's offset in a concatenated input). */
  consumers: GroupConsumer[];
  /** Per-channel layers with weights between the members and the consumers (BN, depthwise conv) that shrink too. */
  shrinks: string[];
}

/** A layer that has filters but is deliberately not prunable on its own, and why. */
export interface UnprunableLayer {
  layer: string;
  reason: string;
}

/** One step of a pruning plan: the filters of `layer` kept, as indices into that layer's filters at that step. */
export interface PlanStep {
  layer: string;
  keptFilters: number[];
}

export const TASKS = ['classification', 'segmentation'] as const;
export type Task = (typeof TASKS)[number];

/** The inputs that fully determine an unpruned description. */
export interface DescribeOptions {
  /** Width multiplier: every non-fixed layer gets round(channels · width) filters, at least 1. Default 1. */
  width?: number;
  /** Number of classes (classifier units / score filters). Default: the architecture's. */
  numClasses?: number;
  /** [H, W, C] of one input image. Default: the architecture's. */
  inputShape?: [number, number, number];
  /**
   * Prune every channel group the graph has: every conv, with residual-coupled ones removed together (ResNet-18:
   * the stem, every second conv and the shortcuts of a stage). Default false: the architecture's own choice of
   * groups (ResNet-18: the first conv of each block, each a group of one).
   */
  groups?: boolean;
}

/**
 * Everything needed to rebuild a description from scratch: an architecture, its options, and the pruning plan
 * replayed on top. Saved as `spec.json` beside every checkpoint.
 */
export interface ModelSpec {
  architecture: string;
  width: number;
  numClasses: number;
  inputShape: [number, number, number];
  plan: PlanStep[];
  /** Present (true) only for a description pruned through every channel group (DescribeOptions.groups). */
  groups?: true;
}

/** What follows the output node in the tf.js model (and the ONNX export); the description's output stays the logits. */
export const OUTPUT_ACTIVATIONS = ['softmax'] as const;
export type OutputActivation = (typeof OUTPUT_ACTIVATIONS)[number];

export interface ModelDescription {
  /** Registry name of the architecture this came from. */
  architecture: string;
  /** A one-line statement of the exact variant, printed beside every count. */
  variant: string;
  task: Task;
  width: number;
  numClasses: number;
  inputShape: [number, number, number];
  nodes: LayerNode[];
  /** The node whose output is the model's output (logits, NHWC for segmentation). */
  output: string;
  /**
   * The units pruning works on, in network order of their first members: the architecture's choice among the
   * graph's channel groups (every group for an imported model or `DescribeOptions.groups`). A group's name is its
   * first member's; filter i of a group is filter i of every member.
   */
  groups: ChannelGroup[];
  /** Set when `groups` is every channel group of the graph (DescribeOptions.groups, an imported model), not an architecture's choice. */
  everyGroup?: true;
  unprunable: UnprunableLayer[];
  /**
   * Applied after the output node by the built tf.js model and the ONNX export (an imported classifier's softmax).
   * Training, masked inference and scoring read the output node itself (logits); argmax is the same either way.
   */
  outputActivation?: OutputActivation;
  /** Pruning steps applied to the unpruned description so far (empty when unpruned). */
  plan: PlanStep[];
  /** Facts about the architecture worth stating (e.g. residual coupling). */
  notes: string[];
}

export function specOf(description: ModelDescription): ModelSpec {
  const spec: ModelSpec = {
    architecture: description.architecture,
    width: description.width,
    numClasses: description.numClasses,
    inputShape: [...description.inputShape],
    plan: description.plan.map((s) => ({ layer: s.layer, keptFilters: [...s.keptFilters] })),
  };
  if (description.everyGroup) spec.groups = true;
  return spec;
}
