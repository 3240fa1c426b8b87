import { ConfigError } from '@l2p/runtime';
import { AGENT_BASELINES, agentOptionsSchema, DEFAULT_AGENT_OPTIONS, resolveAgentOptions } from './agent-options';

describe('agent options: one schema holds the rules and the defaults', () => {
  it('fills the defaults the runs were measured with', () => {
    // The values of the hand-written default object this schema replaced (a refactor must not move them).
    expect(DEFAULT_AGENT_OPTIONS).toEqual({
      initialKeepProbability: 0.5,
      sharedOffset: true,
      samplesPerUpdate: 8,
      rewardImagesPerUpdate: null,
      learningRate: 0.1,
      baseline: 'leave-one-out',
      normalizeAdvantage: true,
      minUpdates: 10,
      maxUpdates: 200,
      stableUpdates: 5,
      stableTolerance: 0.05,
      stableDrift: 0.03,
      convergenceEpsilon: 0.1,
    });
    expect(resolveAgentOptions({ maxUpdates: 40 })).toEqual({ ...DEFAULT_AGENT_OPTIONS, maxUpdates: 40 });
  });

  it.each([
    [{ maxUpdates: 3, minUpdates: 5 }, /^agent\.maxUpdates: must be ≥ minUpdates \(5\), got 3$/],
    [{ maxUpdates: 3 }, /^agent\.maxUpdates: must be ≥ minUpdates \(10\), got 3$/],
    [{ samplesPerUpdate: 1 }, /^agent\.samplesPerUpdate: Number must be greater than or equal to 2, got 1$/],
    [{ stableTolerance: 0.5 }, /^agent\.stableTolerance: Number must be less than 0\.5, got 0\.5$/],
    [{ baseline: 'median' }, /^agent\.baseline: Invalid enum value\. Expected 'mean' \| 'leave-one-out' \| 'none', received 'median', got "median"$/],
    [{ hidden: 64 }, /^agent: Unrecognized key\(s\) in object: 'hidden'$/],
  ])('refuses %j in one line naming the key', (options, message) => {
    expect(() => resolveAgentOptions(options as never)).toThrow(ConfigError);
    expect(() => resolveAgentOptions(options as never)).toThrow(message);
  });

  it('takes its enum from one list', () => {
    for (const b of AGENT_BASELINES) expect(agentOptionsSchema.parse({ baseline: b }).baseline).toBe(b);
  });
});
