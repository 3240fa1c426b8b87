import * as tf from '@tensorflow/tfjs';
import { type ImageWindow, windowRanges } from './evaluator-options';
import type { LabelledBatches } from './labelled-batches';

/** One piece of a window: images [offset, offset + x.shape[0]) of reward batch `batch`. */
export interface RewardSlice {
  x: tf.Tensor;
  y: tf.Tensor;
  batch: number;
  offset: number;
}

/** The reward images of a window as (x, y) pieces: the batches themselves, or slices of them (to dispose). */
export function rewardSlices(batches: LabelledBatches['batches'], window?: ImageWindow): RewardSlice[] {
  const n = batches.reduce((s, b) => s + b.x.shape[0], 0);
  const out: RewardSlice[] = [];
  for (const range of windowRanges(n, window)) {
    let first = 0;
    batches.forEach((b, bi) => {
      const size = b.x.shape[0];
      const from = Math.max(range.start, first);
      const to = Math.min(range.start + range.count, first + size);
      if (from < to) {
        const whole = from === first && to === first + size;
        out.push({
          x: whole ? b.x : tf.slice(b.x, [from - first], [to - from]),
          y: whole ? b.y : tf.slice(b.y, [from - first], [to - from]),
          batch: bi,
          offset: from - first,
        });
      }
      first += size;
    });
  }
  return out;
}

/** Disposes the slices `rewardSlices` made (not the batches themselves). */
export function disposeSlices(batches: LabelledBatches['batches'], slices: { x: tf.Tensor; y: tf.Tensor }[]): void {
  const own = new Set(batches.flatMap((b) => [b.x, b.y]));
  for (const s of slices) for (const t of [s.x, s.y]) if (!own.has(t)) t.dispose();
}
