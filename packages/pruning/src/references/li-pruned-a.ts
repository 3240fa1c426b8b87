import { ConfigError } from '@l2p/runtime';
import type { ReferencePlan } from './reference-plan';

/** Li et al. (2017) VGG-16-pruned-A: conv 1 → 32 filters and conv 8–13 → 256, scaled by the width. */
export const liPrunedA: ReferencePlan = {
  name: 'li-pruned-a',
  description: "Li et al. (ICLR 2017) VGG-16-pruned-A: conv 1 keeps 32 filters, conv 8–13 keep 256 (times the width)",
  keepCounts(description) {
    if (description.architecture !== 'vgg16') throw new ConfigError(`reference 'li-pruned-a' is defined for vgg16, not ${description.architecture}`);
    const w = description.width;
    const layers = description.groups.map((g) => g.name);
    const counts: Record<string, number> = { [layers[0]]: Math.max(1, Math.round(32 * w)) };
    for (const l of layers.slice(7, 13)) counts[l] = Math.max(1, Math.round(256 * w));
    return counts;
  },
};
