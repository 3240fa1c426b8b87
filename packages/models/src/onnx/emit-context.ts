import type { LayerNode, Shape } from '../description/types';
import type { OnnxGraphBuilder } from './graph-builder';

/** A weight as float32 data in its tfjs layout and shape. */
export interface WeightData {
  data: Float32Array;
  shape: number[];
}

/** A BN's parameters, for folding it into the conv or dense layer before it. */
export interface NormParams {
  gamma: Float32Array;
  beta: Float32Array;
  mean: Float32Array;
  variance: Float32Array;
  epsilon: number;
}

/**
 * How a BN node is emitted:
 * - `folded`: its moving statistics went into the conv/dense layer before it (W·s, (b − μ)·s + β): an identity;
 * - `moving`: a BatchNormalization with its moving statistics (a BN with no single producer to fold into);
 * - `calibrate`: per candidate, the mean and biased variance of its input over (batch, H, W) normalise it, and
 *   are recorded in `candidates.stats` (the calibration pass of adaptive BN);
 * - `given`: per-candidate statistics come in as graph inputs `<bn>/mean`, `<bn>/variance` of shape [K, C].
 */
export type NormMode = 'folded' | 'moving' | 'calibrate' | 'given';

/** Per-candidate BN statistics as graph values of shape [K, C]. */
export interface CandidateStats {
  mean: string;
  variance: string;
}

/** Suffix graphs batch K candidates: K·B images flow through, grouped candidate-major. */
export interface CandidateContext {
  /** An int64 value of shape [1] holding K. */
  k: string;
  /** BN name → its per-candidate statistics (written by `calibrate`, read by `given`). */
  stats: Map<string, CandidateStats>;
}

/**
 * What an emitter may read about its node. Values inside our graphs are NCHW ([N, C, H, W]) for per-image shapes
 * [H, W, C], and [N, F] for flat ones; the description's shapes (`inputShapes`, `outputShape`) stay NHWC.
 */
export interface EmitContext {
  g: OnnxGraphBuilder;
  weight(param: string): WeightData;
  inputShapes: Shape[];
  outputShape: Shape;
  shapeOf(name: string): Shape;
  /** conv/dense only: the following BN folded into this layer. */
  fold?: NormParams;
  /** bn only. */
  norm: NormMode;
  candidates?: CandidateContext;
}

/** Writes one layer kind's ONNX nodes; returns the value holding the node's output. One file per kind. */
export interface OnnxEmitter<N extends LayerNode> {
  emit(node: N, inputs: string[], ctx: EmitContext): string;
}
