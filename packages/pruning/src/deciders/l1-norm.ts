import { FilterCriterion } from './criterion';

/** Li et al. 2017: the sum of absolute kernel weights of each filter. */
export const l1Norm: FilterCriterion = {
  name: 'l1',
  description: 'L1 norm of each filter (Li et al., ICLR 2017)',
  async score(ctx) {
    const scores = new Float64Array(ctx.n);
    for (let j = 0; j < ctx.kernel.length; j++) scores[j % ctx.n] += Math.abs(ctx.kernel[j]);
    return scores;
  },
};
