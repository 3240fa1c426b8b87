import { FilterCriterion } from './criterion';

/** Uniformly random filters, from the run's seeded stream (never unseeded). */
export const randomCriterion: FilterCriterion = {
  name: 'random',
  description: 'random filters (seeded)',
  async score(ctx) {
    const rng = ctx.rng.fork('random');
    return Float64Array.from({ length: ctx.n }, () => rng.next());
  },
};
