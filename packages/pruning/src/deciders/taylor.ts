import * as tf from '@tensorflow/tfjs';
import { crossEntropy, InferenceNet } from '@l2p/models';
import { ConfigError } from '@l2p/runtime';
import { FilterCriterion } from './criterion';

/**
 * First-order Taylor expansion (Molchanov et al., ICLR 2017, eq. 7–8): the loss change from removing feature map
 * k is approximated, per example, by |1/M · Σ_positions z_k · ∂C/∂z_k| (M = positions of the map), and the
 * criterion is that value averaged over examples. The activation is the layer's output after BN + ReLU, the same
 * point where the agent's masks apply. Computed on training images (the run's train sample), never on the reward
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
    const net = new InferenceNet(ctx.description, ctx.weights);
    const scores = new Float64Array(ctx.n);
    const images = ctx.trainSample.size;
    try {
      for (const batch of ctx.trainSample.batches) {
        const cache = net.activationsAfter(ctx.layer, batch.x);
        try {
          const perChannelSum = tf.tidy(() => {
            const lossOf = (a: tf.Tensor): tf.Scalar => {
              const tensors = new Map([...cache.tensors].map(([name, t]) => [name, t === cache.activation ? a : t]));
              const logits = net.forwardFrom({ ...cache, activation: a, tensors });
              // A sum over examples, so each example's gradient is its own loss's gradient.
              return tf.mul(crossEntropy(logits, batch.y), cache.batchSize) as tf.Scalar;
            };
            const g = tf.grad(lossOf)(cache.activation);
            const spatial = Array.from({ length: g.rank - 2 }, (_, i) => i + 1);
            const perExample = tf.abs(spatial.length > 0 ? tf.mean(tf.mul(cache.activation, g), spatial) : tf.mul(cache.activation, g));
            return tf.sum(perExample, 0);
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
