import * as tf from '@tensorflow/tfjs';
import { Rng } from '@l2p/runtime';
import { AgentOptions } from './agent-options';

// The agent's own sizes. Fixed, not options: no experiment or ablation ever changed them.
/** Output channels of each 7×7 conv + ReLU + 2×2 max-pool stage over the N×M weight "image". Paper note: the paper
 * alternates 7×7 convolutions and pooling but gives no counts; two small stages keep the agent cheap next to
 * candidate evaluation. */
export const AGENT_CONV_CHANNELS: readonly number[] = [8, 16];
/** Layers whose filters have at most this many weights get two fully connected layers only (the paper's 16). */
export const AGENT_FC_ONLY_MAX_M = 16;
/** After the conv stages the feature map is average-pooled to at most this many cells a side, so the first fully
 * connected layer stays small for wide layers (512 × 4608 inputs). Paper note: not in the paper. */
export const AGENT_POOL_GRID = 8;
/** Width of the hidden fully connected layer. Paper note: not given; 64. */
export const AGENT_HIDDEN = 64;

/**
 * The agent's network: the layer's N×M filter matrix as a one-channel image → [7×7 conv + ReLU + 2×2 max-pool]
 * stages → average-pool to a small grid → FC + ReLU (unit-normalised) → FC to N logits (sigmoid = keep-probability
 * per filter).
 * With M ≤ AGENT_FC_ONLY_MAX_M: flatten → FC + ReLU → FC. Built from tf ops over its own variables (not tf.layers) so the
 * REINFORCE loss can be written directly over them.
 */
export class PolicyNetwork {
  readonly variables: tf.Variable[] = [];
  private readonly convs: { kernel: tf.Variable; bias: tf.Variable }[] = [];
  private readonly fc1: { kernel: tf.Variable; bias: tf.Variable };
  private readonly fc2: { kernel: tf.Variable; bias: tf.Variable };
  private readonly poolWindow: [number, number] | null;
  private readonly offset: tf.Variable | null;

  constructor(
    readonly n: number,
    readonly m: number,
    options: AgentOptions,
    rng: Rng,
  ) {
    const useConv = m > AGENT_FC_ONLY_MAX_M;
    let h = n;
    let w = m;
    let c = 1;
    if (useConv) {
      for (const [i, channels] of AGENT_CONV_CHANNELS.entries()) {
        this.convs.push({
          kernel: this.variable(glorot([7, 7, c, channels], 49 * c, 49 * channels, rng.seedFor(`conv${i}`)), `conv${i}/kernel`),
          bias: this.variable(tf.zeros([channels]), `conv${i}/bias`),
        });
        c = channels;
        h = Math.ceil(h / 2);
        w = Math.ceil(w / 2);
      }
      const gh = Math.min(h, AGENT_POOL_GRID);
      const gw = Math.min(w, AGENT_POOL_GRID);
      const window: [number, number] = [Math.ceil(h / gh), Math.ceil(w / gw)];
      this.poolWindow = window[0] > 1 || window[1] > 1 ? window : null;
      if (this.poolWindow) {
        h = Math.ceil(h / window[0]);
        w = Math.ceil(w / window[1]);
      }
    } else {
      this.poolWindow = null;
    }
    const flat = h * w * c;
    this.fc1 = {
      kernel: this.variable(glorot([flat, AGENT_HIDDEN], flat, AGENT_HIDDEN, rng.seedFor('fc1')), 'fc1/kernel'),
      bias: this.variable(tf.zeros([AGENT_HIDDEN]), 'fc1/bias'),
    };
    // Zero output weights and a bias at logit(initialKeepProbability): every filter starts at exactly that
    // probability, and the bias gives each filter its own directly trainable preference.
    const p0 = options.initialKeepProbability;
    this.fc2 = {
      kernel: this.variable(tf.zeros([AGENT_HIDDEN, n]), 'fc2/kernel'),
      bias: this.variable(tf.fill([n], Math.log(p0 / (1 - p0))), 'fc2/bias'),
    };
    // Starts at 0, so the initial keep-probability is unchanged (see AgentOptions.sharedOffset).
    this.offset = options.sharedOffset ? this.variable(tf.scalar(0), 'offset') : null;
  }

  /** Keep-probability logits, shape [N]. `input` is the normalised filter matrix as [1, N, M, 1]. */
  logits(input: tf.Tensor4D): tf.Tensor1D {
    return tf.tidy(() => {
      let x: tf.Tensor4D = input;
      for (const conv of this.convs) {
        x = tf.relu(tf.add(tf.conv2d(x, conv.kernel as tf.Tensor4D, 1, 'same'), conv.bias)) as tf.Tensor4D;
        x = tf.maxPool(x, 2, 2, 'same');
      }
      if (this.poolWindow) x = tf.avgPool(x, this.poolWindow, this.poolWindow, 'same');
      const flat = tf.reshape(x, [1, -1]) as tf.Tensor2D;
      const relu = tf.relu(tf.add(tf.matMul(flat, this.fc1.kernel as tf.Tensor2D), this.fc1.bias));
      // Unit-norm hidden features. Adam moves every weight by about the learning rate per step, so each logit
      // moves by about lr·Σ|h|: with raw features that sum is large and the policy saturates on whatever mask
      // the first noisy rewards favoured within ~10 updates. Normalised, a step moves a logit by at most
      // lr·(√hidden + 1), and the learning rate sets the pace.
      const hidden = tf.div(relu, tf.add(tf.norm(relu), 1e-6));
      const perFilter = tf.reshape(tf.add(tf.matMul(hidden, this.fc2.kernel as tf.Tensor2D), this.fc2.bias), [this.n]) as tf.Tensor1D;
      return this.offset ? (tf.add(perFilter, this.offset) as tf.Tensor1D) : perFilter;
    });
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }

  private variable(initial: tf.Tensor, name: string): tf.Variable {
    const v = tf.variable(initial, true, `agent-${name}-${nextId++}`);
    initial.dispose();
    this.variables.push(v);
    return v;
  }
}

let nextId = 0;

function glorot(shape: number[], fanIn: number, fanOut: number, seed: number): tf.Tensor {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return tf.randomUniform(shape, -limit, limit, 'float32', seed);
}

/**
 * The agent's input: the kernel [kh, kw, in, N] (tfjs layout) rearranged to N rows of M = kh·kw·in weights and
 * standardised over the whole matrix (zero mean, unit variance). Why: filter scales differ by orders of magnitude
 * between layers; standardising keeps one set of agent hyper-parameters usable everywhere while preserving the
 * relative differences between the filters of a layer, which is what the agent must read.
 */
export function filterMatrix(kernel: Float32Array, shape: readonly number[]): { data: Float32Array; n: number; m: number } {
  const n = shape[shape.length - 1];
  const m = kernel.length / n;
  const data = new Float32Array(n * m);
  for (let j = 0; j < m; j++) for (let i = 0; i < n; i++) data[i * m + j] = kernel[j * n + i];
  let mean = 0;
  for (const v of data) mean += v;
  mean /= data.length;
  let variance = 0;
  for (const v of data) variance += (v - mean) ** 2;
  const std = Math.sqrt(variance / data.length) || 1;
  for (let k = 0; k < data.length; k++) data[k] = (data[k] - mean) / std;
  return { data, n, m };
}
