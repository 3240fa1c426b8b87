import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@l2p/runtime';
import type { ModelDescription } from '../description/types';
import { checkWeights } from '../weights/specs';
import type { Weights } from '../weights/types';
import { batchCandidates, candidateMaskTensor, maskCandidateBatch } from './candidate-batch';
import { compileInference, type InferenceOp } from './compile';

/**
 * Channel masks by pruning unit (channel group) name, each with one value per filter of the unit. A mask multiplies
 * the values at every one of the unit's mask points (a conv's output after BN + ReLU; for a residual group, after
 * each member and wherever a BN would revive a zeroed channel); a 0/1 mask is the same as removing the zeroed filters.
 */
export type ChannelMasks = Record<string, ArrayLike<number>>;

/**
 * The live tensors at a cut just after a unit's first mask point: everything the rest of the network needs (for a
 * ResNet block's first conv, its activation and the block input the shortcut uses). `layer` names the unit.
 * The cache owns its tensors; call `dispose()` when done.
 */
export interface ActivationCache {
  layer: string;
  batchSize: number;
  /** The values at the unit's first mask point, [B, H, W, C] (also in `tensors`). */
  activation: tf.Tensor;
  tensors: ReadonlyMap<string, tf.Tensor>;
  dispose(): void;
}

export interface ForwardOptions {
  /** Channel masks applied at every mask point of each named unit. */
  masks?: ChannelMasks;
}

export interface ForwardFromOptions {
  /**
   * K candidate masks for the start unit, scored in one batched pass over K·B images: each multiplies the cached
   * values and the unit's later mask points. The output then has shape [K, B, ...]; without candidates, [B, ...].
   */
  candidates?: readonly ArrayLike<number>[];
  /** Masks for units after the start unit (one each, applied to all K·B images). */
  masks?: ChannelMasks;
  /**
   * A per-image channel factor [B, C] at the start unit's later mask points (none for a group of one), kept in the
   * gradient: what a Taylor score of a multi-point unit differentiates. Not with `candidates`.
   */
  laterScale?: tf.Tensor;
}

/** Op outputs (resolved value names) where one extra per-channel factor applies, and that factor. */
interface PointFactor {
  at: ReadonlySet<string>;
  apply(y: tf.Tensor): tf.Tensor;
}

/**
 * Fast inference over (description, weights) with tf ops: BN folded into convs, ReLU fused, dropout removed.
 * Supports channel masks without rebuilding, caching the values at a unit's first mask point, and running the
 * rest of the network from such a cache. Owns copies of what it needs: the caller may dispose its weights; call
 * `dispose()` when done.
 */
export class InferenceNet {
  private readonly ops: InferenceOp[];
  private readonly alias: Map<string, string>;
  private readonly owned: tf.Tensor[];
  private readonly opIndex: Map<string, number>;
  private readonly inputName: string;
  private readonly outputName: string;
  /** Unit → (resolved mask points in network order, filter count). */
  private readonly unitPoints: Map<string, { at: string[]; filters: number }>;

  constructor(
    readonly description: ModelDescription,
    weights: Weights,
  ) {
    checkWeights(description, weights);
    const compiled = compileInference(description, weights);
    this.ops = compiled.ops;
    this.alias = compiled.alias;
    this.owned = compiled.owned;
    this.opIndex = new Map(this.ops.map((op, i) => [op.name, i]));
    this.inputName = description.nodes[0].name;
    this.outputName = this.resolve(description.output);
    this.unitPoints = new Map(
      description.groups.map((g) => {
        const node = description.nodes.find((n) => n.name === g.members[0]);
        const filters = node && node.kind === 'conv' ? node.filters : 0;
        const at = [...new Set(g.maskPoints.map((m) => this.resolve(m)))].sort((a, b) => (this.opIndex.get(a) ?? 0) - (this.opIndex.get(b) ?? 0));
        return [g.name, { at, filters }];
      }),
    );
  }

  dispose(): void {
    for (const t of this.owned) t.dispose();
    this.owned.length = 0;
  }

  /** Full forward: [B, H, W, C] images → the description's output ([B, classes] or [B, H, W, classes]). */
  predict(x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor {
    const masks = this.maskTensorsByPoint(options.masks, () => true);
    return tf.tidy(() => {
      const out = this.run(new Map([[this.inputName, x]]), 0, this.ops.length, [this.outputName], masks);
      return out.get(this.outputName) as tf.Tensor;
    });
  }

  /** The values at unit `layer`'s first mask point, with what else the rest of the network needs (see ActivationCache). */
  activationsAfter(layer: string, x: tf.Tensor, options: ForwardOptions = {}): ActivationCache {
    const { at, cut } = this.cutOf(layer);
    const frontier = this.frontier(cut);
    const masks = this.maskTensorsByPoint(options.masks, (point) => {
      if ((this.opIndex.get(point) ?? 0) > cut) {
        throw new ConfigError(`activationsAfter('${layer}'): masks of later units do not apply before the cut`);
      }
      return true;
    });
    const tensors = tf.tidy(() => {
      const out = this.run(new Map([[this.inputName, x]]), 0, cut + 1, frontier, masks);
      // The input image tensor belongs to the caller: the cache gets its own copy.
      return Object.fromEntries(frontier.map((n) => [n, n === this.inputName ? tf.clone(x) : (out.get(n) as tf.Tensor)]));
    });
    const map = new Map(Object.entries(tensors));
    return {
      layer,
      batchSize: x.shape[0],
      activation: map.get(at) as tf.Tensor,
      tensors: map,
      dispose: () => map.forEach((t) => t.dispose()),
    };
  }

  /** Runs the network after the cache's cut. See ForwardFromOptions for batching K candidate masks. */
  forwardFrom(cache: ActivationCache, options: ForwardFromOptions = {}): tf.Tensor {
    const { at, cut, filters, later } = this.cutOf(cache.layer);
    const masks = this.maskTensorsByPoint(options.masks, (point, unit) => {
      const i = this.opIndex.get(point) ?? 0;
      if (i < cut) {
        throw new ConfigError(`forwardFrom('${cache.layer}'): the mask of '${unit}' comes before the cut; it is already reflected in the cached activations`);
      }
      if (i === cut && options.candidates) {
        throw new ConfigError(`forwardFrom('${cache.layer}'): give the start unit's masks either as candidates or in masks, not both`);
      }
      return true;
    });
    const candidates = options.candidates;
    candidates?.forEach((m, k) => {
      if (m.length !== filters) {
        throw new ConfigError(`forwardFrom('${cache.layer}'): candidate ${k} has ${m.length} values, the unit has ${filters} filters`);
      }
    });
    if (candidates && options.laterScale) throw new ConfigError(`forwardFrom('${cache.layer}'): laterScale does not go with candidates`);
    return tf.tidy(() => {
      const k = candidates?.length ?? 1;
      const start = candidates ? batchCandidates(cache, at, candidates) : new Map(cache.tensors);
      let factor: PointFactor | undefined;
      if (later.length > 0 && candidates) {
        const maskTensor = candidateMaskTensor(candidates, filters);
        factor = { at: new Set(later), apply: (y) => maskCandidateBatch(y, maskTensor) };
      } else if (later.length > 0 && options.laterScale) {
        const scale = options.laterScale;
        factor = { at: new Set(later), apply: (y) => tf.mul(y, tf.reshape(scale, [scale.shape[0], ...y.shape.slice(1, -1).map(() => 1), filters])) };
      }
      const out = this.run(start, cut + 1, this.ops.length, [this.outputName], masks, factor).get(this.outputName) as tf.Tensor;
      return candidates ? tf.reshape(out, [k, cache.batchSize, ...out.shape.slice(1)]) : out;
    });
  }

  /** Unit names, in network order. */
  units(): string[] {
    return [...this.unitPoints.keys()];
  }

  /** The cache key (op output) that carries a description node's value: fused and dropped nodes map elsewhere. */
  valueName(node: string): string {
    return this.resolve(node);
  }

  private resolve(name: string): string {
    let n = name;
    while (this.alias.has(n)) n = this.alias.get(n) as string;
    return n;
  }

  /** Where a unit's cache is cut: just after its first mask point; its other points come later. */
  private cutOf(unit: string): { at: string; cut: number; filters: number; later: string[] } {
    const point = this.unitPoints.get(unit);
    if (!point) {
      throw new ConfigError(`'${unit}' is not a pruning unit of ${this.description.architecture}`, `units: ${this.units().join(', ') || 'none'}`);
    }
    const [at, ...later] = point.at;
    return { at, cut: this.opIndex.get(at) as number, filters: point.filters, later };
  }

  /** Outputs of ops[0..cut] (or the input) still needed after the cut. */
  private frontier(cut: number): string[] {
    const produced = new Set([this.inputName, ...this.ops.slice(0, cut + 1).map((op) => op.name)]);
    const needed = new Set<string>([this.ops[cut].name]);
    for (const op of this.ops.slice(cut + 1)) for (const i of op.inputs) if (produced.has(i)) needed.add(i);
    if (produced.has(this.outputName)) needed.add(this.outputName);
    return [...needed];
  }

  /** Mask values keyed by the op output they apply to (every point of each unit); `accept` may throw for masks that do not apply. */
  private maskTensorsByPoint(masks: ChannelMasks | undefined, accept: (point: string, unit: string) => boolean): Map<string, ArrayLike<number>> {
    const out = new Map<string, ArrayLike<number>>();
    for (const [unit, mask] of Object.entries(masks ?? {})) {
      const point = this.unitPoints.get(unit);
      if (!point) {
        throw new ConfigError(`masks: '${unit}' is not a pruning unit of ${this.description.architecture}`, `units: ${this.units().join(', ') || 'none'}`);
      }
      if (mask.length !== point.filters) {
        throw new ConfigError(`masks: '${unit}' has ${point.filters} filters, its mask has ${mask.length} values`);
      }
      for (const at of point.at) if (accept(at, unit)) out.set(at, mask);
    }
    return out;
  }

  /**
   * Runs ops[from..to) given the tensors in `start`, returning `keep` outputs. Intermediates are disposed as soon
   * as their last consumer has run (tensors in `start` belong to the caller and are never disposed here).
   */
  private run(
    start: Map<string, tf.Tensor>,
    from: number,
    to: number,
    keep: string[],
    masks: Map<string, ArrayLike<number>>,
    factor?: PointFactor,
  ): Map<string, tf.Tensor> {
    const lastUse = new Map<string, number>();
    for (let i = from; i < to; i++) for (const n of this.ops[i].inputs) lastUse.set(n, i);
    const keepSet = new Set(keep);
    const values = new Map(start);
    const created = new Set<tf.Tensor>();
    for (let i = from; i < to; i++) {
      const op = this.ops[i];
      const inputs = op.inputs.map((n) => {
        const t = values.get(n);
        if (!t) throw new Error(`internal: '${n}' is not available for '${op.name}'`);
        return t;
      });
      let y = op.run(inputs);
      const mask = masks.get(op.name);
      if (mask) {
        const masked = tf.mul(y, tf.tensor1d(Array.from(mask)));
        y.dispose();
        y = masked;
      }
      if (factor?.at.has(op.name)) {
        const scaled = factor.apply(y);
        y.dispose();
        y = scaled;
      }
      values.set(op.name, y);
      created.add(y);
      for (const n of new Set(op.inputs)) {
        const t = values.get(n) as tf.Tensor;
        if (lastUse.get(n) === i && !keepSet.has(n) && created.has(t)) {
          t.dispose();
          values.delete(n);
        }
      }
    }
    return new Map(keep.map((n) => [n, values.get(n) as tf.Tensor]));
  }
}
