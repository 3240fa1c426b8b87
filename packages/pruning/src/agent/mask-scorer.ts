import { Rng } from '@l2p/runtime';
import type { ImageWindow } from '../evaluate/evaluator-options';
import { Mask, maskKey } from './masks';

/** Accuracies (points) of masks on the whole reward split, or on a window of it. */
export type MaskEvaluation = (masks: Mask[], window?: ImageWindow) => Promise<number[]>;

/**
 * How one agent's candidates get their p̂. With `windowImages` null, every mask is scored on the whole reward
 * split once (a cache serves repeats). With a window, each update scores all its masks on one random run of
 * `windowImages` reward images — common random numbers: the candidates of an update differ only by their masks,
 * not by which images they saw — together with the layer's unmasked network, and a mask's p̂ is its window
 * accuracy shifted by how far the unmasked network's window accuracy is from its whole-split accuracy (a paired
 * estimate: the window's easy or hard images cancel out). Unbiased either way; a window costs a fraction of the
 * images per update. The decision is always scored on the whole split.
 */
export class MaskScorer {
  private readonly cache = new Map<string, number>();
  private fullKeepAll: number | undefined;

  constructor(
    private readonly evaluateMasks: MaskEvaluation,
    private readonly rewardImages: number,
    private readonly windowImages: number | null,
    private readonly rng: Rng,
  ) {}

  get windowed(): boolean {
    return this.windowImages !== null && this.windowImages < this.rewardImages;
  }

  /** p̂ of each mask for one update, and how many masks were evaluated for real. */
  async update(masks: Mask[]): Promise<{ pHats: number[]; evaluated: number }> {
    if (!this.windowed) return this.full(masks);
    const n = masks[0].length;
    const keepAll = new Uint8Array(n).fill(1);
    this.fullKeepAll ??= (await this.evaluateMasks([keepAll]))[0];
    const window: ImageWindow = { start: this.rng.int(this.rewardImages), count: this.windowImages as number };
    const unique = distinct([keepAll, ...masks]);
    const scores = await this.evaluateMasks(unique, window);
    const byKey = new Map(unique.map((m, i) => [maskKey(m), scores[i]]));
    const shift = (this.fullKeepAll as number) - (byKey.get(maskKey(keepAll)) as number);
    return { pHats: masks.map((m) => (byKey.get(maskKey(m)) as number) + shift), evaluated: unique.length };
  }

  /** p̂ of each mask on the whole reward split (cached). */
  async full(masks: Mask[]): Promise<{ pHats: number[]; evaluated: number }> {
    const todo = distinct(masks).filter((m) => !this.cache.has(maskKey(m)));
    if (todo.length > 0) {
      const scores = await this.evaluateMasks(todo);
      todo.forEach((m, i) => this.cache.set(maskKey(m), scores[i]));
    }
    return { pHats: masks.map((m) => this.cache.get(maskKey(m)) as number), evaluated: todo.length };
  }
}

function distinct(masks: Mask[]): Mask[] {
  const seen = new Set<string>();
  return masks.filter((m) => {
    const key = maskKey(m);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
