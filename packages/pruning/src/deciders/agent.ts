import { ConfigError } from '@l2p/runtime';
import { trainAgent } from '../agent/train-agent';
import { Decider } from './decider';

/** The method of Huang et al.: a REINFORCE-trained agent decides how many filters and which. */
export const agentDecider: Decider = {
  name: 'agent',
  needsCount: false,
  description: 'learned pruning agent (Huang et al., WACV 2018)',
  async decide(ctx) {
    // As a count-matched decider needs its count (criterion.ts): the agent chooses how many filters, within b.
    if (ctx.b === undefined) throw new ConfigError(`agent on '${ctx.layer}' chooses its own counts: it needs b`);
    const evaluator = ctx.evaluator();
    const result = await trainAgent(
      {
        layer: ctx.layer,
        kernel: ctx.kernel,
        kernelShape: ctx.kernelShape,
        p: ctx.p,
        b: ctx.b,
        evaluateMasks: (masks, window) => evaluator.evaluate(masks, window),
        rewardImages: ctx.reward.size,
      },
      ctx.agentOptions,
      ctx.rng.fork('agent'),
      ctx.progress,
    );
    return { mask: result.mask, pHat: result.pHatAtDecision, agent: result, keepPreference: result.finalProbabilities };
  },
};
