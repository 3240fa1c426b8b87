import { ConfigError } from '@l2p/runtime';
import { DEFAULT_SCORING_OPTIONS, resolveScoringOptions } from '../evaluate/scoring-options';
import { DEFAULT_BUDGET_POLICY, MEASURE_FROM, ON_BREACH, resolveBudgetPolicy } from './budget-options';

describe('budget policy and scoring options: schemas with their defaults', () => {
  it('fills the defaults the runs were measured with', () => {
    expect(DEFAULT_BUDGET_POLICY).toEqual({ measureFrom: 'base', onBreach: 'backtrack', recoveryPasses: 1, layerMargin: 0 });
    expect(DEFAULT_SCORING_OPTIONS).toEqual({ batchNorm: 'recalibrate', afterFineTune: true });
    expect(resolveBudgetPolicy({ layerMargin: 0.2 })).toEqual({ ...DEFAULT_BUDGET_POLICY, layerMargin: 0.2 });
    expect([...MEASURE_FROM, ...ON_BREACH].length).toBe(4);
  });

  it.each([
    [() => resolveBudgetPolicy({ onBreach: 'retry' } as never), /^budgetPolicy\.onBreach: Invalid enum value\. Expected 'backtrack' \| 'none', received 'retry', got "retry"$/],
    [() => resolveBudgetPolicy({ recoveryPasses: 0.5 }), /^budgetPolicy\.recoveryPasses: Expected integer, received float, got 0\.5$/],
    [() => resolveBudgetPolicy({ guard: 'none' } as never), /^budgetPolicy: Unrecognized key\(s\) in object: 'guard'$/],
    [() => resolveScoringOptions({ batchNorm: 'fold' } as never), /^scoring\.batchNorm: Invalid enum value\. Expected 'moving' \| 'recalibrate', received 'fold', got "fold"$/],
  ])('refuses a bad value in one line naming the key (%#)', (call, message) => {
    expect(call).toThrow(ConfigError);
    expect(call).toThrow(message);
  });
});
