import * as tf from '@tensorflow/tfjs';

export interface SgdOptions {
  /** Default 0.9. */
  momentum: number;
  /** L2 penalty added to the gradient, as PyTorch's SGD `weight_decay` (applied to every trainable weight). Default 5e-4. */
  weightDecay: number;
}

/**
 * SGD with momentum and weight decay, PyTorch semantics: v ← μ·v + (g + λ·w); w ← w − lr·v.
 * Its momentum buffers are its whole state, exported for checkpoints so a resumed run continues exactly.
 */
export class Sgd {
  private readonly buffers = new Map<string, tf.Variable>();

  constructor(
    private readonly params: ReadonlyMap<string, tf.Variable>,
    private readonly options: SgdOptions,
  ) {
    for (const [name, v] of params) this.buffers.set(name, tf.variable(tf.zerosLike(v), false));
  }

  step(grads: tf.NamedTensorMap, lr: number): void {
    tf.tidy(() => {
      for (const [name, w] of this.params) {
        const g = grads[name];
        if (!g) throw new Error(`no gradient for '${name}'`);
        const buf = this.buffers.get(name) as tf.Variable;
        const decayed = this.options.weightDecay > 0 ? tf.add(g, tf.mul(w, this.options.weightDecay)) : g;
        const next = tf.add(tf.mul(buf, this.options.momentum), decayed);
        buf.assign(next);
        w.assign(tf.sub(w, tf.mul(next, lr)));
      }
    });
  }

  /** The momentum buffers by weight name (copies, owned by the caller). */
  state(): tf.NamedTensorMap {
    return Object.fromEntries([...this.buffers].map(([name, b]) => [name, tf.clone(b)]));
  }

  setState(state: tf.NamedTensorMap): void {
    for (const [name, b] of this.buffers) {
      const s = state[name];
      if (!s || s.shape.join() !== b.shape.join()) throw new Error(`optimizer state for '${name}' is missing or has the wrong shape`);
      b.assign(s);
    }
  }

  dispose(): void {
    for (const b of this.buffers.values()) b.dispose();
  }
}
