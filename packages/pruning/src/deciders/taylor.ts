import * as tf from '@tensorflow/tfjs';
import { crossEntropy, cutAt, InferenceNet } from '@l2p/models';
import { ConfigError } from '@l2p/runtime';
import { FilterCriterion } from './criterion';

/**
 * First-order Taylor expansion (Molchanov et al., ICLR 2017, eq. 7–8): the loss change from removing feature map
 * k is approximated, per example, by |1/M · Σ_positions z_k · ∂C/∂z_k| (M = positions of the map), and the
 * criterion is that value averaged over examples. The activation is the layer's output after BN + ReLU, the same
 * point where the agent's masks apply (for a unit with several mask points, the sum over all of them). Computed on training images (the run's train sample), never on the reward
 * split the agent is scored on, so the baseline gets no look at the held-out data. Molchanov et al. also
 * normalise by the layer's L2 norm to compare across layers; within one layer (all we rank) that is a no-op.
 */
export const taylor: FilterCriterion = {
  name: 'taylor',
  description: 'first-order Taylor |activation × gradient| per example (Molchanov et al., ICLR 2017)',
  async score(ctx) {
    if (!ctx.trainSample) {
      throw new ConfigError(`taylor on '${ctx.layer}' needs training images (PruneRunOptions.trainSample); it never reads the reward split`);
    }
    // A unit with later mask points (a residual group) is also zeroed there: those terms join the first point's.
    const multiPoint = cutAt(ctx.description, ctx.layer).later.length > 0;
    const net = new InferenceNet(ctx.description, ctx.weights);
    const scores = new Float64Array(ctx.n);
    const images = ctx.trainSample.size;
    try {
      for (const batch of ctx.trainSample.batches) {
        const cache = net.activationsAfter(ctx.layer, batch.x);
        try {
          const perChannelSum = tf.tidy(() => {
            const lossOf = (a: tf.Tensor, laterScale?: tf.Tensor): tf.Scalar => {
              const tensors = new Map([...cache.tensors].map(([name, t]) => [name, t === cache.activation ? a : t]));
              const logits = net.forwardFrom({ ...cache, activation: a, tensors }, laterScale ? { laterScale } : {});
              // A sum over examples, so each example's gradient is its own loss's gradient.
              return tf.mul(crossEntropy(logits, batch.y), cache.batchSize) as tf.Scalar;
            };
            const a = cache.activation;
            const spatial = Array.from({ length: a.rank - 2 }, (_, i) => i + 1);
            if (!multiPoint) {
              const g = tf.grad(lossOf)(a);
              return tf.sum(tf.abs(spatial.length > 0 ? tf.mean(tf.mul(a, g), spatial) : tf.mul(a, g)), 0);
            }
            // ∂C/∂s of a per-image channel factor s = 1 at the later points is Σ over them of z·∂C/∂z; divided by the
            // first point's positions, as the mean there.
            const [ga, gs] = tf.grads((x: tf.Tensor, s: tf.Tensor) => lossOf(x, s))([a, tf.ones([cache.batchSize, ctx.n])]);
            const positions = spatial.reduce((p, axis) => p * a.shape[axis], 1);
            const first = spatial.length > 0 ? tf.mean(tf.mul(a, ga), spatial) : tf.mul(a, ga);
            return tf.sum(tf.abs(tf.add(first, tf.div(gs, positions))), 0);
          });
          const values = perChannelSum.dataSync();
          perChannelSum.dispose();
          for (let c = 0; c < ctx.n; c++) scores[c] += values[c] / images;
        } finally {
          cache.dispose();
        }
      }
    } finally {
      net.dispose();
    }
    return scores;
  },
};
