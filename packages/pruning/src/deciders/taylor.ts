import * as tf from '@tensorflow/tfjs';
import { crossEntropy, InferenceNet } from '@l2p/models';
import { FilterCriterion } from './criterion';

/**
 * First-order Taylor expansion (Molchanov et al., ICLR 2017): the loss change from zeroing a channel is
 * approximated by |mean over batch and positions of activation × gradient|, averaged over the reward batches.
 * The activation is the layer's output after BN + ReLU, the same point where the agent's masks apply.
 */
export const taylor: FilterCriterion = {
  name: 'taylor',
  description: 'first-order Taylor |activation × gradient| (Molchanov et al., ICLR 2017)',
  async score(ctx) {
    const net = new InferenceNet(ctx.description, ctx.weights);
    const scores = new Float64Array(ctx.n);
    try {
      for (const batch of ctx.reward.batches) {
        const cache = net.activationsAfter(ctx.layer, batch.x);
        try {
          const perChannel = tf.tidy(() => {
            const lossOf = (a: tf.Tensor): tf.Scalar => {
              const tensors = new Map([...cache.tensors].map(([name, t]) => [name, t === cache.activation ? a : t]));
              const logits = net.forwardFrom({ ...cache, activation: a, tensors });
              return crossEntropy(logits, batch.y) as tf.Scalar;
            };
            const g = tf.grad(lossOf)(cache.activation);
            const axes = Array.from({ length: g.rank - 1 }, (_, i) => i);
            return tf.abs(tf.mean(tf.mul(cache.activation, g), axes));
          });
          const values = perChannel.dataSync();
          perChannel.dispose();
          for (let c = 0; c < ctx.n; c++) scores[c] += values[c] / ctx.reward.batches.length;
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
