import * as tf from '@tensorflow/tfjs';

/** Segmentation label of pixels that count for nothing (VOC's "void" boundary). */
export const IGNORE_LABEL = 255;

/**
 * Mean softmax cross-entropy over the labelled positions: logits [..., C], labels int32 [...]. Any label outside
 * [0, C) (in practice 255, void) is ignored: it adds no loss and does not count in the mean.
 */
export function crossEntropy(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const classes = logits.shape[logits.shape.length - 1];
    const flatLogits = tf.reshape(logits, [-1, classes]);
    const flatLabels = tf.reshape(labels, [-1]).toInt();
    const valid = tf.logicalAnd(tf.greaterEqual(flatLabels, 0), tf.less(flatLabels, classes));
    const safe = tf.where(valid, flatLabels, tf.zerosLike(flatLabels));
    const picked = tf.sum(tf.mul(tf.logSoftmax(flatLogits), tf.oneHot(safe, classes)), -1);
    const weight = tf.cast(valid, 'float32');
    return tf.div(tf.neg(tf.sum(tf.mul(picked, weight))), tf.maximum(tf.sum(weight), 1)) as tf.Scalar;
  });
}
