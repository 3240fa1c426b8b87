import { ConfigError } from '@l2p/runtime';
import { architectures } from './architectures';
import { validateDescription } from './description/validate';
import type { DescribeOptions, ModelDescription, ModelSpec } from './description/types';
import { withWidth } from './description/width';
import { withUnits } from './description/channel-groups';
import { applyPlan } from './surgery/remove-filters';

/** The unpruned description of a registered architecture at a width and class count. */
export function describeModel(name: string, options: DescribeOptions = {}): ModelDescription {
  const arch = architectures.get(name);
  const numClasses = options.numClasses ?? arch.defaults.numClasses;
  const inputShape = options.inputShape ?? arch.defaults.inputShape;
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new ConfigError(`numClasses must be a positive integer, got ${numClasses}`);
  if (inputShape.length !== 3 || inputShape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ConfigError(`inputShape must be [H, W, C] positive integers, got [${inputShape.join(', ')}]`);
  }
  const scaled = withWidth(arch.describe({ numClasses, inputShape: [...inputShape] }), options.width ?? 1);
  const description = options.groups === true ? withUnits(scaled) : scaled;
  validateDescription(description);
  return description;
}

/** Rebuilds a (possibly pruned) description from its spec: the architecture, then the plan replayed. */
export function describeSpec(spec: ModelSpec): ModelDescription {
  const base = describeModel(spec.architecture, { width: spec.width, numClasses: spec.numClasses, inputShape: spec.inputShape, groups: spec.groups === true });
  return applyPlan(base, spec.plan);
}
