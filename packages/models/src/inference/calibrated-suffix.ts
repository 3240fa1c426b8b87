import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@l2p/runtime';
import { inferShapes } from '../description/graph';
import type { BatchNormNode, LayerNode, ModelDescription, Shape } from '../description/types';
import { kindSpec } from '../layers';
import { type Weights, weightName } from '../weights/types';
import { batchCandidates, candidateMaskTensor, maskCandidateBatch } from './candidate-batch';
import { type Cut, cutAt } from './cut';
import type { ActivationCache, InferenceNet } from './inference-net';

/** Per-candidate statistics of one BN, [K, C] each. */
export interface CandidateNormStats {
  mean: tf.Tensor2D;
  variance: tf.Tensor2D;
}

/** BN name → its per-candidate statistics, for every BN after a cut. The holder disposes them. */
export type NormStats = Map<string, CandidateNormStats>;

export function disposeNormStats(stats: NormStats): void {
  for (const s of stats.values()) tf.dispose([s.mean, s.variance]);
}

/**
 * The network after a unit's first mask point with its BNs left unfolded (each candidate's mask also applied at the
 * unit's later mask points), for adaptive BN (EagleEye, ECCV 2020) on the
 * tfjs engine. It starts from `InferenceNet` activation caches, and per candidate mask either
 * - `calibrate`s: runs the calibration images (all in one pass per candidate) and replaces every BN's statistics
 *   after the cut, in network order, by the mean and biased variance of its input over (batch, H, W) — each BN
 *   seeing the earlier recalibrated ones in effect — and returns them; or
 * - `forward`s: scores images with such statistics.
 * BNs before the cut keep their moving statistics (they are folded into the cached prefix).
 */
export class CalibratedSuffix {
  readonly cut: Cut;
  private readonly shapes: Map<string, Shape>;
  private readonly owned = new Map<string, tf.Tensor>();

  constructor(
    private readonly net: InferenceNet,
    readonly description: ModelDescription,
    weights: Weights,
    layer: string,
  ) {
    this.cut = cutAt(description, layer);
    this.shapes = inferShapes(description);
    for (const node of this.cut.suffix) {
      for (const w of kindSpec(node).weights(node, { inputs: node.inputs.map((n) => this.shapeOf(n)), shapeOf: (n) => this.shapeOf(n) })) {
        const name = weightName(node.name, w.param);
        const t = weights[name];
        if (!t) throw new Error(`weights have no '${name}'`);
        this.owned.set(name, tf.clone(t));
      }
    }
  }

  dispose(): void {
    for (const t of this.owned.values()) t.dispose();
    this.owned.clear();
  }

  /** Per-candidate statistics of every BN after the cut, from the calibration images in `cache` (one pass). */
  calibrate(cache: ActivationCache, candidates: readonly ArrayLike<number>[]): NormStats {
    if (this.cut.norms.length === 0) return new Map();
    const stats: NormStats = new Map();
    const last = this.cut.suffix.findIndex((n) => n.name === this.cut.norms[this.cut.norms.length - 1]);
    const out = this.run(cache, candidates, this.cut.suffix.slice(0, last + 1), (node, x, k) => {
      const { grouped, c } = this.group(node, x, k);
      const { mean, variance } = tf.moments(grouped, 1, true); // [K, 1, C]: biased variance over (B, H, W)
      stats.set(node.name, { mean: tf.keep(tf.reshape(mean, [k, c])), variance: tf.keep(tf.reshape(variance, [k, c])) });
      return this.normalise(node, x, grouped, mean, variance);
    });
    out.dispose();
    return stats;
  }

  /** The rest of the network for K candidates with the given BN statistics: [K, B, ...outputs]. */
  forward(cache: ActivationCache, candidates: readonly ArrayLike<number>[], stats: NormStats): tf.Tensor {
    for (const bn of this.cut.norms) {
      const s = stats.get(bn);
      if (!s || s.mean.shape[0] !== candidates.length) {
        throw new ConfigError(`forward after '${this.cut.layer}': statistics of '${bn}' for ${candidates.length} candidates are missing`);
      }
    }
    const out = this.run(cache, candidates, this.cut.suffix, (node, x, k) => {
      const s = stats.get(node.name) as CandidateNormStats;
      const { grouped, c } = this.group(node, x, k);
      return this.normalise(node, x, grouped, tf.reshape(s.mean, [k, 1, c]), tf.reshape(s.variance, [k, 1, c]));
    });
    const result = tf.tidy(() => tf.reshape(out, [candidates.length, cache.batchSize, ...out.shape.slice(1)]));
    out.dispose();
    return result;
  }

  private shapeOf(name: string): Shape {
    const s = this.shapes.get(name);
    if (!s) throw new Error(`no shape for '${name}'`);
    return s;
  }

  /** x [K·B, ..., C] viewed as [K, B·H·W, C]: each candidate's values, channel last. */
  private group(node: BatchNormNode, x: tf.Tensor, k: number): { grouped: tf.Tensor3D; c: number } {
    const c = this.shapeOf(node.name).slice(-1)[0];
    return { grouped: tf.reshape(x, [k, -1, c]), c };
  }

  private normalise(node: BatchNormNode, x: tf.Tensor, grouped: tf.Tensor3D, mean: tf.Tensor, variance: tf.Tensor): tf.Tensor {
    const gamma = this.owned.get(weightName(node.name, 'gamma')) as tf.Tensor;
    const beta = this.owned.get(weightName(node.name, 'beta')) as tf.Tensor;
    const scale = tf.div(gamma, tf.sqrt(tf.add(variance, node.epsilon)));
    const y = tf.add(tf.mul(tf.sub(grouped, mean), scale), beta);
    return tf.reshape(y, x.shape);
  }

  /**
   * Runs `nodes` for K candidates from the cache; `norm` computes each BN. Intermediates are disposed after their
   * last use; returns the last node's value (owned by the caller).
   */
  private run(
    cache: ActivationCache,
    candidates: readonly ArrayLike<number>[],
    nodes: readonly LayerNode[],
    norm: (node: BatchNormNode, x: tf.Tensor, k: number) => tf.Tensor,
  ): tf.Tensor {
    if (cache.layer !== this.cut.layer) throw new ConfigError(`the cache is cut at '${cache.layer}', this suffix at '${this.cut.layer}'`);
    const k = candidates.length;
    // tf.tidy keeps only tensors it can see in its result: a plain object, not a Map.
    const start = new Map(Object.entries(tf.tidy(() => Object.fromEntries(batchCandidates(cache, this.net.valueName(this.cut.activation), candidates)))));
    const later = new Set(this.cut.later);
    const channels = this.cut.frontier[0].shape[this.cut.frontier[0].shape.length - 1];
    const laterMasks = later.size > 0 ? candidateMaskTensor(candidates, channels) : undefined;
    const values = new Map<string, tf.Tensor>();
    const lastUse = new Map<string, number>();
    nodes.forEach((n, i) => n.inputs.forEach((x) => lastUse.set(x, i)));
    const valueOf = (name: string): tf.Tensor => {
      const v = values.get(name) ?? start.get(this.net.valueName(name));
      if (!v) throw new Error(`internal: '${name}' is not available after the cut at '${this.cut.activation}'`);
      return v;
    };
    let result: tf.Tensor | undefined;
    try {
      nodes.forEach((node, i) => {
        const inputs = node.inputs.map(valueOf);
        let y: tf.Tensor;
        if (node.kind === 'dropout') {
          y = tf.clone(inputs[0]);
        } else if (node.kind === 'bn') {
          y = tf.tidy(() => norm(node, inputs[0], k));
        } else {
          const spec = kindSpec(node);
          y = tf.tidy(() =>
            spec.apply(node, inputs, {
              training: false,
              seed: 0,
              outputShape: this.shapeOf(node.name),
              weight: (p) => this.owned.get(weightName(node.name, p)) as tf.Tensor,
            }),
          );
        }
        if (laterMasks && later.has(node.name)) {
          const masked = tf.tidy(() => maskCandidateBatch(y, laterMasks));
          y.dispose();
          y = masked;
        }
        values.set(node.name, y);
        for (const x of new Set(node.inputs)) {
          if (lastUse.get(x) === i && values.has(x)) {
            values.get(x)?.dispose();
            values.delete(x);
          }
        }
      });
      result = values.get(nodes[nodes.length - 1].name);
      values.delete(nodes[nodes.length - 1].name);
      return result as tf.Tensor;
    } finally {
      values.forEach((t) => t.dispose());
      start.forEach((t) => t.dispose());
      laterMasks?.dispose();
    }
  }
}
