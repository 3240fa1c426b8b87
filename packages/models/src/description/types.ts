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
  | CropNode;

export type NodeOfKind<K extends LayerKind> = Extract<LayerNode, { kind: K }>;

/** A conv layer whose output filters may be removed one layer at a time. */
export interface PrunableLayer {
  /** The conv node whose filters are removed. */
  layer: string;
  /** Where its output is observed "after BN + ReLU": channel masks apply here and activations are cached here. */
  activation: string;
  /** The layers whose input channels shrink with it (checked against the graph by `validateDescription`). */
  consumers: string[];
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
}

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
  prunable: PrunableLayer[];
  unprunable: UnprunableLayer[];
  /** Pruning steps applied to the unpruned description so far (empty when unpruned). */
  plan: PlanStep[];
  /** Facts about the architecture worth stating (e.g. residual coupling). */
  notes: string[];
}

export function specOf(description: ModelDescription): ModelSpec {
  return {
    architecture: description.architecture,
    width: description.width,
    numClasses: description.numClasses,
    inputShape: [...description.inputShape],
    plan: description.plan.map((s) => ({ layer: s.layer, keptFilters: [...s.keptFilters] })),
  };
}
