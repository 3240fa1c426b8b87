import type { BatchNormNode } from '../../description/types';
import type { EmitContext, OnnxEmitter } from '../emit-context';
import { float, int, ints } from '../graph-builder';

/**
 * Per-candidate normalisation of x ([K·B, C, ...] candidate-major) with statistics [K, C]: x is viewed as
 * [K, B, C, S] (S = H·W, or 1 after a dense layer) so each candidate's slice meets its own statistics.
 */
function perCandidate(node: BatchNormNode, x: string, ctx: EmitContext): string {
  const { g, candidates } = ctx;
  if (!candidates) throw new Error(`bn '${node.name}': per-candidate statistics need a candidate-batched graph`);
  const c = ctx.outputShape[ctx.outputShape.length - 1];
  const spatial = ctx.outputShape.slice(0, -1).reduce((a, b) => a * b, 1);
  const grouped = g.node('Reshape', [x, g.node('Concat', [candidates.k, g.int64s(`${node.name}/group_shape`, [-1, c, spatial])], { axis: int(0) })], {}, `${node.name}/grouped`);
  let stats = candidates.stats.get(node.name);
  if (ctx.norm === 'calibrate') {
    // Population statistics over (batch, H, W) of each candidate: mean, then mean of squared deviations.
    const over = { axes: ints([1, 3]), keepdims: int(1) };
    const mean4 = g.node('ReduceMean', [grouped], over, `${node.name}/batch_mean`);
    const centred = g.node('Sub', [grouped, mean4], {}, `${node.name}/centred`);
    const var4 = g.node('ReduceMean', [g.node('Mul', [centred, centred], {}, `${node.name}/sq`)], over, `${node.name}/batch_variance`);
    const kc = g.node('Concat', [candidates.k, g.int64s(`${node.name}/stats_shape`, [c])], { axis: int(0) }, `${node.name}/kc`);
    stats = { mean: g.node('Reshape', [mean4, kc], {}, `${node.name}/mean`), variance: g.node('Reshape', [var4, kc], {}, `${node.name}/variance`) };
    candidates.stats.set(node.name, stats);
  } else if (!stats) {
    stats = { mean: g.input(`${node.name}/mean`, ['K', c]), variance: g.input(`${node.name}/variance`, ['K', c]) };
    candidates.stats.set(node.name, stats);
  }
  // y = (x − μ)·s + β with s = γ/√(σ² + ε), per candidate: scale and shift are [K, C], viewed as [K, 1, C, 1].
  const gamma = g.floats(`${node.name}/gamma`, ctx.weight('gamma').data, [c]);
  const beta = g.floats(`${node.name}/beta`, ctx.weight('beta').data, [c]);
  const eps = g.floats(`${node.name}/epsilon`, Float32Array.of(node.epsilon), []);
  const scale = g.node('Div', [gamma, g.node('Sqrt', [g.node('Add', [stats.variance, eps])])], {}, `${node.name}/scale`);
  const shift = g.node('Sub', [beta, g.node('Mul', [stats.mean, scale])], {}, `${node.name}/shift`);
  const view = g.int64s(`${node.name}/stat_view`, [0, 1, c, 1]);
  const y = g.node(
    'Add',
    [g.node('Mul', [grouped, g.node('Reshape', [scale, view])]), g.node('Reshape', [shift, view])],
    {},
    `${node.name}/normalised`,
  );
  const restore = g.int64s(`${node.name}/restore_shape`, [-1, c, ...ctx.outputShape.slice(0, -1)]);
  return g.node('Reshape', [y, restore], {}, node.name);
}

export const batchNormEmitter: OnnxEmitter<BatchNormNode> = {
  emit(node, [x], ctx) {
    if (ctx.norm === 'folded') return x;
    if (ctx.norm === 'calibrate' || ctx.norm === 'given') return perCandidate(node, x, ctx);
    const c = ctx.outputShape[ctx.outputShape.length - 1];
    const vector = (param: string) => ctx.g.floats(`${node.name}/${param}`, ctx.weight(param).data, [c]);
    return ctx.g.node(
      'BatchNormalization',
      [x, vector('gamma'), vector('beta'), vector('moving_mean'), vector('moving_variance')],
      { epsilon: float(node.epsilon) },
      node.name,
    );
  },
};
