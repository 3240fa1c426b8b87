import { inferShapes } from '../description/graph';
import type { LayerNode, ModelDescription, Shape } from '../description/types';
import { type Cut, cutAt } from '../inference/cut';
import { checkWeights } from '../weights/specs';
import type { Weights } from '../weights/types';
import type { CandidateContext, NormMode } from './emit-context';
import { int, ints, OnnxGraphBuilder } from './graph-builder';
import { emitRegion, foldableNorms, nchwDims } from './program';

/** Graph value names shared by the prefix and suffix graphs. */
export const frontierName = (node: string): string => `frontier/${node}`;
export const MASK_INPUT = 'mask';
export const PREDICTIONS = 'predictions';
export const LOGITS = 'logits';
export const statsNames = (bn: string): { mean: string; variance: string } => ({ mean: `${bn}/mean`, variance: `${bn}/variance` });

/**
 * The network up to a cut: NHWC images `input` [N, H, W, C] → every frontier value, NCHW, as outputs
 * `frontier/<node>`. BNs folded (the prefix never changes while the layer's agent trains).
 */
export function exportPrefix(description: ModelDescription, weights: Weights, layer: string): { model: Uint8Array; cut: Cut } {
  checkWeights(description, weights);
  const cut = cutAt(description, layer);
  const g = new OnnxGraphBuilder(`${description.architecture}-prefix-${layer}`);
  const [input, ...rest] = description.nodes;
  const [h, w, c] = description.inputShape;
  const x = g.input('input', ['N', h, w, c]);
  const values = new Map([[input.name, g.node('Transpose', [x], { perm: ints([0, 3, 1, 2]) }, 'input_nchw')]]);
  const foldable = foldableNorms(description);
  emitRegion(g, { description, weights, nodes: rest.slice(0, cut.index), values, norm: (bn) => (foldable.has(bn.name) ? 'folded' : 'moving') });
  for (const f of cut.frontier) g.output(values.get(f.node) as string, frontierName(f.node), nchwDims(f.shape));
  return { model: g.toBytes(`prefix of ${description.variant} up to ${cut.activation}`), cut };
}

/**
 * How the suffix normalises: `folded` uses each BN's moving statistics (folded into the conv before it);
 * `calibrate` computes per-candidate statistics of every BN after the cut and outputs them (`<bn>/mean`,
 * `<bn>/variance`, [K, C]); `given` takes those as inputs and scores with them.
 */
export type SuffixNorm = 'folded' | 'calibrate' | 'given';

export interface SuffixOptions {
  norm: SuffixNorm;
  /** `predictions`: the argmax class per image (int32, [K·N] or [K·N, H, W]); `logits`: the outputs, NHWC. */
  output?: 'predictions' | 'logits';
}

/**
 * The network after a cut, scoring K candidate masks in one run. Inputs: the frontier values of N images
 * (`frontier/<node>`, NCHW, as the prefix graph writes them) and `mask` [K, C] (C = the unit's filters). The
 * activation (and any later mask point of the unit) is multiplied by each mask and the other frontier values repeated, so K·N images, candidate-major,
 * flow through the rest of the network.
 */
export function exportSuffix(description: ModelDescription, weights: Weights, layer: string, options: SuffixOptions): { model: Uint8Array; cut: Cut } {
  checkWeights(description, weights);
  const cut = cutAt(description, layer);
  const g = new OnnxGraphBuilder(`${description.architecture}-suffix-${layer}-${options.norm}`);
  const [act, ...others] = cut.frontier;
  const channels = act.shape[act.shape.length - 1];
  const mask = g.input(MASK_INPUT, ['K', channels]);
  const k = g.node('Slice', [g.node('Shape', [mask]), g.int64s('zero', [0]), g.int64s('one', [1])], {}, 'k');
  const axis0 = g.int64s('axis0', [0]);
  const values = new Map<string, string>();
  const perImage = (shape: Shape): number[] => nchwDims(shape, -1) as number[];
  // masked[k, n] = x[n] · mask[k] (per channel), flattened candidate-major to [K·N, C, H, W].
  const xAct = g.input(frontierName(act.node), nchwDims(act.shape));
  const view = g.int64s('mask_view', [-1, 1, channels, ...act.shape.slice(0, -1).map(() => 1)]);
  const masked = g.node('Mul', [g.node('Unsqueeze', [xAct, axis0]), g.node('Reshape', [mask, view])], {}, 'masked');
  values.set(act.node, g.node('Reshape', [masked, g.int64s('flat_shape', perImage(act.shape))], {}, `${act.node}/candidates`));
  for (const f of others) {
    const x = g.input(frontierName(f.node), nchwDims(f.shape));
    const target = g.node('Concat', [k, g.node('Shape', [x])], { axis: int(0) });
    const repeated = g.node('Expand', [g.node('Unsqueeze', [x, axis0]), target], {}, `${f.node}/repeated`);
    values.set(f.node, g.node('Reshape', [repeated, g.int64s('flat_shape', perImage(f.shape))], {}, `${f.node}/candidates`));
  }
  const candidates: CandidateContext = { k, stats: new Map() };
  // A unit with several mask points (a residual group): each candidate's mask multiplies every later point too.
  const later = new Set(cut.later);
  const maskLater = (node: LayerNode, value: string): string => {
    if (!later.has(node.name)) return value;
    const shape = inferShapes(description).get(node.name) as Shape;
    const perCandidate = g.node('Reshape', [value, g.node('Concat', [k, g.int64s(`${node.name}/per_candidate_shape`, perImage(shape))], { axis: int(0) })], {}, `${node.name}/per_candidate`);
    const laterView = g.int64s(`${node.name}/mask_view`, [-1, 1, channels, ...shape.slice(0, -1).map(() => 1)]);
    const maskedLater = g.node('Mul', [perCandidate, g.node('Reshape', [mask, laterView])], {}, `${node.name}/masked`);
    return g.node('Reshape', [maskedLater, g.int64s(`${node.name}/flat_shape`, perImage(shape))], {}, `${node.name}/masked_flat`);
  };
  const foldable = foldableNorms(description);
  const norm = (name: string): NormMode => (options.norm === 'folded' ? (foldable.has(name) ? 'folded' : 'moving') : options.norm);
  if (options.norm === 'calibrate') {
    if (cut.norms.length === 0) throw new Error(`${description.architecture}: no BN after ${cut.activation}; nothing to calibrate`);
    // Only what the statistics depend on: the suffix up to its last BN.
    const last = cut.suffix.findIndex((n) => n.name === cut.norms[cut.norms.length - 1]);
    emitRegion(g, { description, weights, nodes: cut.suffix.slice(0, last + 1), values, norm: (bn) => norm(bn.name), candidates, after: maskLater });
    const shapes = inferShapes(description);
    for (const bn of cut.norms) {
      const c = (shapes.get(bn) as Shape).slice(-1)[0];
      const stats = candidates.stats.get(bn) as { mean: string; variance: string };
      g.output(stats.mean, statsNames(bn).mean, ['K', c]);
      g.output(stats.variance, statsNames(bn).variance, ['K', c]);
    }
    return { model: g.toBytes(`adaptive-BN calibration after ${cut.activation}`), cut };
  }
  emitRegion(g, { description, weights, nodes: cut.suffix, values, norm: (bn) => norm(bn.name), candidates, after: maskLater });
  const out = values.get(description.output) as string;
  const outShape = inferShapes(description).get(description.output) as Shape;
  if ((options.output ?? 'predictions') === 'predictions') {
    // The class axis is 1 in NCHW and in [N, classes]; int32 halves what crosses into JS.
    const argmax = g.node('ArgMax', [out], { axis: int(1), keepdims: int(0), select_last_index: int(0) });
    g.output(g.node('Cast', [argmax], { to: int(6) }), PREDICTIONS, ['KN', ...outShape.slice(0, -1)], 'int32');
  } else if (outShape.length === 3) {
    g.output(g.node('Transpose', [out], { perm: ints([0, 2, 3, 1]) }), LOGITS, ['KN', ...outShape]);
  } else {
    g.output(out, LOGITS, ['KN', ...outShape]);
  }
  return { model: g.toBytes(`suffix of ${description.variant} after ${cut.activation}`), cut };
}
