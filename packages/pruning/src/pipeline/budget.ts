import { type BudgetPolicy, type BudgetPolicyInput, resolveBudgetPolicy } from './budget-options';

/**
 * The one rule of the budget: a drop from `reference` to `value` (points) is acceptable when it is at most `limit`.
 * Every "is this within b?" of a run goes through it: the agent's candidates, the per-unit guard and the final
 * fine-tune's acceptance.
 */
export function dropWithin(reference: number, value: number, limit: number): boolean {
  return reference - value <= limit;
}

/**
 * A run's budget b and how it is applied (BudgetPolicy), with the contract's base: the unpruned network's metric
 * on the split the contract is checked on (guard split, else reward split).
 */
export class Budget {
  readonly options: BudgetPolicy;

  constructor(
    /** Points; undefined for a fixed plan (a reference plan, uniform L1), which no check holds to a b. */
    readonly b: number | undefined,
    options: BudgetPolicyInput | undefined,
    readonly contractBefore: number,
  ) {
    this.options = resolveBudgetPolicy(options);
  }

  /** Whether the per-unit checks run at all: only a method that chooses its own counts can be held to b. */
  guards(needsCount: boolean): boolean {
    return this.b !== undefined && this.options.onBreach === 'backtrack' && !needsCount;
  }

  /** The metric a unit's candidates are judged against: the unpruned network's, or the network's before this unit. */
  candidateReference(pBase: number, pNow: number): number {
    return this.options.measureFrom === 'base' ? pBase : pNow;
  }

  /** A cut unit after fine-tuning: within b less the per-unit margin (see BudgetPolicy.layerMargin). */
  unitWithin(contractP: number): boolean {
    return dropWithin(this.contractBefore, contractP, Math.max(0, this.points() - this.options.layerMargin));
  }

  /** The final network: within b itself. */
  finalWithin(contractP: number): boolean {
    return dropWithin(this.contractBefore, contractP, this.points());
  }

  private points(): number {
    if (this.b === undefined) throw new Error('internal: a fixed plan has no b to check against');
    return this.b;
  }
}
