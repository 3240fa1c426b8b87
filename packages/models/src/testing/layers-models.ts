import * as tf from '@tensorflow/tfjs';
import { Rng } from '@l2p/runtime';

/**
 * Models written with the tf.js layers API, as a user would write them, for the import tests and the `l2p prune`
 * tests. Every initializer is seeded; BN moving statistics are set to seeded non-trivial values (fresh BN layers
 * have mean 0, variance 1, which would hide a statistics mix-up).
 */

const init = (seed: number) => tf.initializers.glorotNormal({ seed });
const biasInit = (seed: number) => tf.initializers.randomNormal({ mean: 0, stddev: 0.1, seed });

/** Gives every BN layer seeded γ, β, moving mean and moving variance. */
export function randomizeBatchNorms(model: tf.LayersModel, seed: number): void {
  const rng = new Rng(seed);
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const shapes = layer.getWeights().map((w) => w.shape);
    const names = layer.weights.map((w) => w.originalName.slice(w.originalName.lastIndexOf('/') + 1));
    const values = shapes.map((shape, i) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const v = Float32Array.from({ length: n }, () => {
        if (names[i] === 'moving_variance') return 0.5 + rng.next();
        if (names[i] === 'gamma') return 0.5 + rng.next();
        return (rng.next() - 0.5) * 0.4;
      });
      return tf.tensor(v, shape);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}

/**
 * Sequential CNN over [size, size, channels]: Conv2D(relu, bias) → BN → MaxPool → DepthwiseConv2D → Conv2D(no bias) →
 * Activation(relu) → AveragePooling2D → ZeroPadding2D → Conv2D → ReLU → GlobalAveragePooling2D → Dropout → Dense(softmax).
 */
export function sequentialCnn(options: { size?: number; channels?: number; classes?: number; seed?: number } = {}): tf.Sequential {
  const { size = 12, channels = 1, classes = 10, seed = 1 } = options;
  const m = tf.sequential({ name: 'seq_cnn' });
  m.add(tf.layers.conv2d({ name: 'c1', inputShape: [size, size, channels], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(seed), biasInitializer: biasInit(seed + 1) }));
  m.add(tf.layers.batchNormalization({ name: 'c1_bn' }));
  m.add(tf.layers.maxPooling2d({ name: 'p1', poolSize: 2 }));
  m.add(tf.layers.depthwiseConv2d({ name: 'dw', kernelSize: 3, padding: 'same', depthwiseInitializer: init(seed + 2), biasInitializer: biasInit(seed + 3) }));
  m.add(tf.layers.conv2d({ name: 'c2', filters: 12, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: init(seed + 4) }));
  m.add(tf.layers.activation({ name: 'c2_act', activation: 'relu' }));
  m.add(tf.layers.averagePooling2d({ name: 'p2', poolSize: 2 }));
  m.add(tf.layers.zeroPadding2d({ name: 'pad', padding: [[1, 0], [0, 1]] }));
  m.add(tf.layers.conv2d({ name: 'c3', filters: 10, kernelSize: 2, padding: 'valid', kernelInitializer: init(seed + 5), biasInitializer: biasInit(seed + 6) }));
  m.add(tf.layers.reLU({ name: 'c3_relu' }));
  m.add(tf.layers.globalAveragePooling2d({ name: 'gap' }));
  m.add(tf.layers.dropout({ name: 'drop', rate: 0.25 }));
  m.add(tf.layers.dense({ name: 'out', units: classes, activation: 'softmax', kernelInitializer: init(seed + 7) }));
  randomizeBatchNorms(m, seed + 8);
  return m;
}

/**
 * Functional net with a residual Add and a Concatenate:
 * stem Conv2D(relu) → MaxPool → `blocks` × ([Conv2D → BN] + its input → ReLU) → {Conv2D a(relu), Conv2D b → BN → ReLU} →
 * Concatenate → Conv2D(relu, stride 2) → Flatten → Dense → softmax (an Activation layer).
 * The stem and every residual branch's conv are one channel group; a, b and the last conv are groups of their own.
 */
export function residualConcatNet(options: { size?: number; channels?: number; classes?: number; seed?: number; width?: number; blocks?: number } = {}): tf.LayersModel {
  const { size = 12, channels = 1, classes = 10, seed = 1, width = 8, blocks = 1 } = options;
  const input = tf.input({ shape: [size, size, channels], name: 'image' });
  const pooled = tf.layers.maxPooling2d({ name: 'pool0', poolSize: 2 }).apply(
    tf.layers.conv2d({ name: 'stem', filters: width, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(seed), biasInitializer: biasInit(seed + 1) }).apply(input),
  ) as tf.SymbolicTensor;
  let sum = pooled;
  for (let r = 0; r < blocks; r++) {
    const p = r === 0 ? 'res' : `res${r + 1}`;
    const branch = tf.layers.batchNormalization({ name: `${p}_bn` }).apply(
      tf.layers.conv2d({ name: `${p}_conv`, filters: width, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: init(seed + 2 + 100 * r) }).apply(sum),
    ) as tf.SymbolicTensor;
    sum = tf.layers.reLU({ name: `${p}_relu` }).apply(tf.layers.add({ name: `${p}_add` }).apply([branch, sum])) as tf.SymbolicTensor;
  }
  const a = tf.layers.conv2d({ name: 'a', filters: width, kernelSize: 1, activation: 'relu', kernelInitializer: init(seed + 3), biasInitializer: biasInit(seed + 4) }).apply(sum) as tf.SymbolicTensor;
  const b = tf.layers.activation({ name: 'b_relu', activation: 'relu' }).apply(
    tf.layers.batchNormalization({ name: 'b_bn' }).apply(
      tf.layers.conv2d({ name: 'b', filters: width / 2, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: init(seed + 5) }).apply(sum),
    ),
  ) as tf.SymbolicTensor;
  const cat = tf.layers.concatenate({ name: 'cat' }).apply([a, b]) as tf.SymbolicTensor;
  const last = tf.layers.conv2d({ name: 'last', filters: width, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(seed + 6), biasInitializer: biasInit(seed + 7) }).apply(cat) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ name: 'logits', units: classes, kernelInitializer: init(seed + 8) }).apply(tf.layers.flatten({ name: 'flat' }).apply(last)) as tf.SymbolicTensor;
  const probs = tf.layers.activation({ name: 'probs', activation: 'softmax' }).apply(logits) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: probs, name: 'res_cat' });
  randomizeBatchNorms(model, seed + 9);
  return model;
}
