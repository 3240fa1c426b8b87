import { ConfigError, Rng } from '@l2p/runtime';
import type { ClassificationDataset, ClassificationSplit } from './types';

/** Default size of the reward split held out of CIFAR-10's 50,000 training images for the pruning agent. */
export const DEFAULT_REWARD_SIZE = 5000;

export interface SplitOptions {
  /** Seed of the held-out selection; the same seed gives the same split. */
  readonly seed: number;
  /** Images held out of the training set for the pruning agent's reward. Default 5,000. */
  readonly rewardSize?: number;
  /**
   * Images held out of the training set, apart from the reward split, to check the budget on: no agent chooses
   * a mask by them, so their drop is not flattered by that choice. Default 0 (no guard split).
   */
  readonly guardSize?: number;
}

export interface ClassificationSplits {
  readonly train: ClassificationSplit;
  readonly reward: ClassificationSplit;
  /** The guard split (SplitOptions.guardSize), or null without one. */
  readonly guard: ClassificationSplit | null;
  readonly test: ClassificationSplit;
}

/**
 * How many images of each class a held-out set of `total` takes: proportional to the class counts, rounded by
 * largest remainder (ties to the lower class index), so the held-out set has the training set's class balance.
 */
export function stratifiedQuotas(classCounts: readonly number[], total: number): number[] {
  const n = classCounts.reduce((a, b) => a + b, 0);
  if (!Number.isInteger(total) || total < 0 || total > n) {
    throw new ConfigError(`held-out size must be an integer in [0, ${n}] (the number of images), got ${total}`);
  }
  if (n === 0) return classCounts.map(() => 0);
  const exact = classCounts.map((c) => (c * total) / n);
  const quotas = exact.map(Math.floor);
  let left = total - quotas.reduce((a, b) => a + b, 0);
  const order = exact.map((e, c) => ({ c, frac: e - Math.floor(e) })).sort((a, b) => b.frac - a.frac || a.c - b.c);
  for (const { c } of order) {
    if (left === 0) break;
    if (quotas[c] < classCounts[c]) {
      quotas[c] += 1;
      left -= 1;
    }
  }
  return quotas;
}

/**
 * Splits `0..labels.length-1` into a held-out set of `holdout` indices with per-class quotas from
 * `stratifiedQuotas` and the rest. Within each class the held-out images are a seeded random choice.
 * Both index arrays are ascending and disjoint, and together cover every index once.
 */
export function stratifiedHoldout(
  labels: Uint8Array,
  classes: number,
  holdout: number,
  rng: Rng,
): { rest: Uint32Array; holdout: Uint32Array } {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label >= classes) throw new ConfigError(`label ${label} at index ${i} is not below the class count ${classes}`);
    byClass[label].push(i);
  }
  const quotas = stratifiedQuotas(
    byClass.map((members) => members.length),
    holdout,
  );
  const held = new Uint8Array(labels.length);
  byClass.forEach((members, c) => {
    rng.shuffle(members);
    for (let k = 0; k < quotas[c]; k++) held[members[k]] = 1;
  });
  const rest = new Uint32Array(labels.length - holdout);
  const out = new Uint32Array(holdout);
  let r = 0;
  let h = 0;
  for (let i = 0; i < labels.length; i++) {
    if (held[i]) out[h++] = i;
    else rest[r++] = i;
  }
  return { rest, holdout: out };
}

/**
 * The splits of a data set: train minus a stratified reward split (and a stratified guard split, when asked for),
 * the reward split, the guard split, and the test set. Without a guard split the train and reward splits are the
 * same as before guard splits existed, so earlier base models stay valid.
 */
export function classificationSplits(dataset: ClassificationDataset, options: SplitOptions): ClassificationSplits {
  const rewardSize = options.rewardSize ?? DEFAULT_REWARD_SIZE;
  const guardSize = options.guardSize ?? 0;
  const labels = dataset.train.labels;
  const rng = new Rng(options.seed);
  const { rest, holdout } = stratifiedHoldout(labels, dataset.train.classes, rewardSize, rng.fork('reward-split'));
  let train = rest;
  let guard: Uint32Array | null = null;
  if (guardSize > 0) {
    // A second stratified holdout over what the reward split left; positions in `rest` map back to image indices.
    const split = stratifiedHoldout(Uint8Array.from(rest, (i) => labels[i]), dataset.train.classes, guardSize, rng.fork('guard-split'));
    train = Uint32Array.from(split.rest, (k) => rest[k]);
    guard = Uint32Array.from(split.holdout, (k) => rest[k]);
  }
  const common = { normalization: dataset.normalization, augmentDefaults: dataset.augmentDefaults };
  const all = new Uint32Array(dataset.test.count);
  for (let i = 0; i < all.length; i++) all[i] = i;
  return {
    train: { name: 'train', data: dataset.train, indices: train, ...common },
    reward: { name: 'reward', data: dataset.train, indices: holdout, ...common },
    guard: guard ? { name: 'guard', data: dataset.train, indices: guard, ...common } : null,
    test: { name: 'test', data: dataset.test, indices: all, ...common },
  };
}

/** Images per class among `indices` (all images when omitted). */
export function classHistogram(labels: Uint8Array, classes: number, indices?: ArrayLike<number>): number[] {
  const counts = new Array<number>(classes).fill(0);
  if (indices) for (let k = 0; k < indices.length; k++) counts[labels[indices[k]]] += 1;
  else for (let i = 0; i < labels.length; i++) counts[labels[i]] += 1;
  return counts;
}
