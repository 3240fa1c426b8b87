import * as tf from '@tensorflow/tfjs';
import { ProgressSink, Rng, silentProgress } from '@l2p/runtime';
import { computeReward } from '../reward';
import { dropWithin } from '../pipeline/budget';
import { type AgentOptionsInput, resolveAgentOptions } from './agent-options';
import { MaskEvaluation, MaskScorer } from './mask-scorer';
import { hammingDistance, keptCount, Mask, maskKey, sampleMask, thresholdMask } from './masks';

/** Best samples kept as fallbacks for a decision that breaks b. */
const FALLBACK_CANDIDATES = 8;
import { filterMatrix, PolicyNetwork } from './policy-network';

/** One layer's pruning problem, as the agent sees it. */
export interface LayerProblem {
  layer: string;
  /** The layer's kernel in tfjs layout [kh, kw, in, N] (a dense layer's [in, N] also works). */
  kernel: Float32Array;
  kernelShape: readonly number[];
  /** Accuracy of the network before this layer is pruned, on the reward split, in points. */
  p: number;
  /** Largest acceptable drop, in points. */
  b: number;
  /** Accuracies (points, on the reward split or a window of it) of the network with each mask applied to this layer. */
  evaluateMasks: MaskEvaluation;
  /** Images in the reward split (for windows; see AgentOptions.rewardImagesPerUpdate). */
  rewardImages?: number;
}

export type StopReason = 'converged' | 'stable' | 'max-updates';
export type DecisionSource = 'threshold' | 'best-sample' | 'keep-all';

export interface UpdateRecord {
  update: number;
  meanReward: number;
  stdReward: number;
  meanPHat: number;
  meanKeepProbability: number;
  /** Filters the 0.5-thresholded mask keeps after this update. */
  keptThresholded: number;
  /** Masks evaluated for real in this update (repeats are served from a cache). */
  evaluated: number;
  wallMs: number;
}

export interface AgentResult {
  layer: string;
  mask: Mask;
  kept: number;
  n: number;
  /** Accuracy with the decided mask, on the reward split, measured before it is applied. */
  pHatAtDecision: number;
  /** Accuracy of the plain thresholded mask (differs from pHatAtDecision after a fallback). */
  pHatThreshold: number;
  decisionSource: DecisionSource;
  stopReason: StopReason;
  updates: UpdateRecord[];
  finalProbabilities: Float32Array;
  wallMs: number;
}

function meanAbsDiff(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
}

interface Sample {
  mask: Mask;
  pHat: number;
  reward: number;
}

/**
 * Trains one layer's agent with REINFORCE: each update samples M_s masks from the current keep-probabilities,
 * scores them with R = ψ·φ, and follows the gradient of mean((R − baseline) · log π(mask)) with Adam.
 * Stops when converged (all probabilities near 0 or 1), when the thresholded mask is stable, or at maxUpdates,
 * but never before minUpdates. The thresholded decision is then evaluated; a decision that breaks the bound is
 * replaced by the best-rewarded sampled mask that stayed within b, or by keeping every filter if none did (the
 * paper's plain procedure would apply it anyway; the violation is recorded either way, as `decision_source`).
 */
export async function trainAgent(
  problem: LayerProblem,
  partialOptions: AgentOptionsInput,
  rng: Rng,
  progress: ProgressSink = silentProgress,
): Promise<AgentResult> {
  const options = resolveAgentOptions(partialOptions);
  const started = Date.now();
  const { data, n, m } = filterMatrix(problem.kernel, problem.kernelShape);
  const net = new PolicyNetwork(n, m, options, rng.fork('init'));
  const input = tf.tensor4d(data, [1, n, m, 1]);
  const optimizer = tf.train.adam(options.learningRate);
  const sampler = rng.fork('samples');
  const scorer = new MaskScorer(problem.evaluateMasks, problem.rewardImages ?? Infinity, options.rewardImagesPerUpdate, rng.fork('windows'));
  const rewardOf = (mask: Mask, pHat: number): number =>
    computeReward({ p: problem.p, pHat, b: problem.b, n, kept: keptCount(mask) }).reward;

  const updates: UpdateRecord[] = [];
  // The best-rewarded samples within b: fallbacks for a decision that breaks it (re-scored on the whole split
  // first when updates were scored on windows).
  const best: Sample[] = [];
  const keepBest = (sample: Sample): void => {
    if (best.some((b) => maskKey(b.mask) === maskKey(sample.mask))) return;
    best.push(sample);
    best.sort((a, b) => b.reward - a.reward);
    best.length = Math.min(best.length, FALLBACK_CANDIDATES);
  };
  const history: Float32Array[] = [];
  const decisions: Mask[] = [];
  // Filters the thresholded mask may flip and still count as unchanged (see AgentOptions.stableTolerance).
  const tolerance = Math.floor(options.stableTolerance * n);
  let stopReason: StopReason = 'max-updates';
  const task = progress.start(`agent ${problem.layer}`, options.maxUpdates, 'upd');
  try {
    for (let u = 1; u <= options.maxUpdates; u++) {
      const t0 = Date.now();
      const probs = tf.tidy(() => tf.sigmoid(net.logits(input)).dataSync() as Float32Array);
      const masks = Array.from({ length: options.samplesPerUpdate }, () => sampleMask(probs, sampler));
      const { pHats, evaluated } = await scorer.update(masks);
      const rewards = masks.map((mk, i) => rewardOf(mk, pHats[i]));
      masks.forEach((mk, i) => {
        if (dropWithin(problem.p, pHats[i], problem.b)) keepBest({ mask: mk, pHat: pHats[i], reward: rewards[i] });
      });
      const mean = rewards.reduce((s, r) => s + r, 0) / rewards.length;
      const std = Math.sqrt(rewards.reduce((s, r) => s + (r - mean) ** 2, 0) / rewards.length);
      const k = rewards.length;
      const advantages = rewards.map((r) => {
        const a = options.baseline === 'mean' ? r - mean : options.baseline === 'leave-one-out' ? ((r - mean) * k) / (k - 1) : r;
        return options.normalizeAdvantage ? a / (std + 1e-8) : a;
      });
      if (advantages.some((a) => a !== 0)) {
        const maskTensor = tf.tensor2d(Uint8Array.from(masks.flatMap((mk) => Array.from(mk))), [masks.length, n], 'float32');
        const adv = tf.tensor1d(advantages);
        optimizer.minimize(
          () => {
            const z = net.logits(input);
            // log σ(z) = −softplus(−z), log(1 − σ(z)) = −softplus(z): stable for large |z|.
            const logKeep = tf.neg(tf.softplus(tf.neg(z)));
            const logDrop = tf.neg(tf.softplus(z));
            const logPi = tf.sum(tf.add(tf.mul(maskTensor, logKeep), tf.mul(tf.sub(1, maskTensor), logDrop)), 1);
            return tf.neg(tf.mean(tf.mul(adv, logPi))) as tf.Scalar;
          },
          false,
          net.variables,
        );
        maskTensor.dispose();
        adv.dispose();
      }
      const after = tf.tidy(() => tf.sigmoid(net.logits(input)).dataSync() as Float32Array);
      const decision = thresholdMask(after);
      decisions.push(decision);
      history.push(after);
      const window = decisions.slice(-1 - options.stableUpdates, -1);
      const stable = window.length === options.stableUpdates && window.every((d) => hammingDistance(d, decision) <= tolerance);
      // A mask that stays put while the probabilities still drift is not a decision yet (e.g. "keep all" while
      // every probability slides down from its initial 0.9): stability also needs the drift to have stopped.
      const drift = history.length > options.stableUpdates ? meanAbsDiff(after, history[history.length - 1 - options.stableUpdates]) : Infinity;
      const record: UpdateRecord = {
        update: u,
        meanReward: mean,
        stdReward: std,
        meanPHat: pHats.reduce((s, x) => s + x, 0) / pHats.length,
        meanKeepProbability: after.reduce((s, x) => s + x, 0) / n,
        keptThresholded: keptCount(decision),
        evaluated,
        wallMs: Date.now() - t0,
      };
      updates.push(record);
      task.tick(1, `R ${mean.toFixed(3)} kept ${record.keptThresholded}/${n} p̂ ${record.meanPHat.toFixed(2)}`);
      if (u >= options.minUpdates) {
        if (after.every((x) => x < options.convergenceEpsilon || x > 1 - options.convergenceEpsilon)) {
          stopReason = 'converged';
          break;
        }
        if (stable && drift < options.stableDrift) {
          stopReason = 'stable';
          break;
        }
      }
    }
    const finalProbabilities = tf.tidy(() => tf.sigmoid(net.logits(input)).dataSync() as Float32Array);
    const thresholded = thresholdMask(finalProbabilities);
    const [pHatThreshold] = (await scorer.full([thresholded])).pHats;
    let mask = thresholded;
    let pHatAtDecision = pHatThreshold;
    let decisionSource: DecisionSource = 'threshold';
    if (!dropWithin(problem.p, pHatThreshold, problem.b)) {
      let fallback = best[0];
      if (scorer.windowed && best.length > 0) {
        const { pHats } = await scorer.full(best.map((b) => b.mask));
        const rescored = best.map((b, i) => ({ mask: b.mask, pHat: pHats[i], reward: rewardOf(b.mask, pHats[i]) }));
        fallback = rescored.filter((b) => dropWithin(problem.p, b.pHat, problem.b)).sort((a, b) => b.reward - a.reward)[0];
      }
      if (fallback) {
        mask = fallback.mask;
        pHatAtDecision = fallback.pHat;
        decisionSource = 'best-sample';
      } else {
        mask = new Uint8Array(n).fill(1);
        pHatAtDecision = problem.p;
        decisionSource = 'keep-all';
      }
    }
    task.done(`kept ${keptCount(mask)}/${n} (${decisionSource}, ${stopReason})`);
    return {
      layer: problem.layer,
      mask,
      kept: keptCount(mask),
      n,
      pHatAtDecision,
      pHatThreshold,
      decisionSource,
      stopReason,
      updates,
      finalProbabilities,
      wallMs: Date.now() - started,
    };
  } finally {
    input.dispose();
    net.dispose();
    optimizer.dispose();
  }
}
