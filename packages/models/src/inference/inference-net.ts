import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@l2p/runtime';
import type { ModelDescription } from '../description/types';
import { checkWeights } from '../weights/specs';
import type { Weights } from '../weights/types';
import { batchCandidates } from './candidate-batch';
import { compileInference, type InferenceOp } from './compile';

/**
 * Per-layer channel masks by prunable layer name, each with one value per filter of that layer. A mask multiplies
 * the layer's output after BN + ReLU; a 0/1 mask is the same as removing the zeroed filters.
 */
export type ChannelMasks = Record<string, ArrayLike<number>>;

/**
 * The live tensors at a cut just after a prunable layer's activation: everything the rest of the network needs
 * (for a ResNet block's first conv, that is its activation and the block input the shortcut uses).
 * The cache owns its tensors; call `dispose()` when done.
 */
export interface ActivationCache {
  layer: string;
  batchSize: number;
  /** The layer's output after BN + ReLU, [B, H, W, C] (also in `tensors`). */
  activation: tf.Tensor;
  tensors: ReadonlyMap<string, tf.Tensor>;
  dispose(): void;
}

export interface ForwardOptions {
  /** Channel masks applied where each named layer's activation is computed. */
  masks?: ChannelMasks;
}

export interface ForwardFromOptions {
  /**
   * K candidate masks for the start layer, scored in one batched pass over K·B images. The output then has shape
   * [K, B, ...]; without candidates it is [B, ...].
   */
  candidates?: readonly ArrayLike<number>[];
  /** Masks for layers after the start layer (one each, applied to all K·B images). */
  masks?: ChannelMasks;
}

/**
 * Fast inference over (description, weights) with tf ops: BN folded into convs, ReLU fused, dropout removed.
 * Supports channel masks without rebuilding, caching activations after a prunable layer, and running the rest
 * of the network from such a cache. Owns copies of what it needs: the caller may dispose its weights; call
 * `dispose()` when done.
 */
export class InferenceNet {
  private readonly ops: InferenceOp[];
  private readonly alias: Map<string, string>;
  private readonly owned: tf.Tensor[];
  private readonly opIndex: Map<string, number>;
  private readonly inputName: string;
  private readonly outputName: string;
  /** Prunable layer → (resolved activation name, filter count). */
  private readonly maskPoints: Map<string, { at: string; filters: number }>;

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
    this.maskPoints = new Map(
      description.prunable.map((p) => {
        const node = description.nodes.find((n) => n.name === p.layer);
        const filters = node && node.kind === 'conv' ? node.filters : 0;
        return [p.layer, { at: this.resolve(p.activation), filters }];
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

  /** The prunable `layer`'s output after BN + ReLU, with what else the rest of the network needs (see ActivationCache). */
  activationsAfter(layer: string, x: tf.Tensor, options: ForwardOptions = {}): ActivationCache {
    const { at, cut } = this.cutOf(layer);
    const frontier = this.frontier(cut);
    const masks = this.maskTensorsByPoint(options.masks, (point) => {
      if ((this.opIndex.get(point) ?? 0) > cut) {
        throw new ConfigError(`activationsAfter('${layer}'): masks of later layers do not apply before the cut`);
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

  /** Runs the network after the cache's layer. See ForwardFromOptions for batching K candidate masks. */
  forwardFrom(cache: ActivationCache, options: ForwardFromOptions = {}): tf.Tensor {
    const { at, cut, filters } = this.cutOf(cache.layer);
    const masks = this.maskTensorsByPoint(options.masks, (point, layer) => {
      const i = this.opIndex.get(point) ?? 0;
      if (i < cut) {
        throw new ConfigError(`forwardFrom('${cache.layer}'): the mask of '${layer}' comes before the cut; it is already reflected in the cached activations`);
      }
      if (i === cut && options.candidates) {
        throw new ConfigError(`forwardFrom('${cache.layer}'): give the start layer's masks either as candidates or in masks, not both`);
      }
      return true;
    });
    const candidates = options.candidates;
    candidates?.forEach((m, k) => {
      if (m.length !== filters) {
        throw new ConfigError(`forwardFrom('${cache.layer}'): candidate ${k} has ${m.length} values, the layer has ${filters} filters`);
      }
    });
    return tf.tidy(() => {
      const k = candidates?.length ?? 1;
      const start = candidates ? batchCandidates(cache, at, candidates) : new Map(cache.tensors);
      const out = this.run(start, cut + 1, this.ops.length, [this.outputName], masks).get(this.outputName) as tf.Tensor;
      return candidates ? tf.reshape(out, [k, cache.batchSize, ...out.shape.slice(1)]) : out;
    });
  }

  /** Prunable layer names, in network order. */
  prunableLayers(): string[] {
    return [...this.maskPoints.keys()];
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

  private cutOf(layer: string): { at: string; cut: number; filters: number } {
    const point = this.maskPoints.get(layer);
    if (!point) {
      throw new ConfigError(`'${layer}' is not a prunable layer of ${this.description.architecture}`, `prunable layers: ${this.prunableLayers().join(', ')}`);
    }
    return { ...point, cut: this.opIndex.get(point.at) as number };
  }

  /** Outputs of ops[0..cut] (or the input) still needed after the cut. */
  private frontier(cut: number): string[] {
    const produced = new Set([this.inputName, ...this.ops.slice(0, cut + 1).map((op) => op.name)]);
    const needed = new Set<string>([this.ops[cut].name]);
    for (const op of this.ops.slice(cut + 1)) for (const i of op.inputs) if (produced.has(i)) needed.add(i);
    if (produced.has(this.outputName)) needed.add(this.outputName);
    return [...needed];
  }

  /** Mask tensors keyed by the op output they apply to; `accept` may throw for masks that do not apply. */
  private maskTensorsByPoint(masks: ChannelMasks | undefined, accept: (point: string, layer: string) => boolean): Map<string, ArrayLike<number>> {
    const out = new Map<string, ArrayLike<number>>();
    for (const [layer, mask] of Object.entries(masks ?? {})) {
      const point = this.maskPoints.get(layer);
      if (!point) {
        throw new ConfigError(`masks: '${layer}' is not a prunable layer of ${this.description.architecture}`, `prunable layers: ${this.prunableLayers().join(', ')}`);
      }
      if (mask.length !== point.filters) {
        throw new ConfigError(`masks: '${layer}' has ${point.filters} filters, its mask has ${mask.length} values`);
      }
      if (accept(point.at, layer)) out.set(point.at, mask);
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
