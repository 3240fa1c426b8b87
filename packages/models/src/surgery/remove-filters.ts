import { ConfigError } from '@l2p/runtime';
import type { ModelDescription, PlanStep, PrunableLayer } from '../description/types';
import type { Weights } from '../weights/types';
import { gatherEdits } from './gather-edits';
import { propagateRemoval } from './propagate';
import { pruneGroupDescription } from './remove-group';

/** The prunable entry for `layer`, or a ConfigError saying why it is not prunable. */
export function prunableEntry(description: ModelDescription, layer: string): PrunableLayer {
  const entry = description.prunable.find((p) => p.layer === layer);
  if (entry) return entry;
  const stated = description.unprunable.find((u) => u.layer === layer);
  const exists = description.nodes.some((n) => n.name === layer);
  const why = stated ? stated.reason : exists ? 'it is not listed as prunable' : 'there is no such layer';
  throw new ConfigError(
    `cannot remove filters of '${layer}' in ${description.architecture}: ${why}`,
    `prunable layers: ${description.prunable.map((p) => p.layer).join(', ')}`,
  );
}

/** The current filter count of a prunable layer. */
export function filterCount(description: ModelDescription, layer: string): number {
  const node = description.nodes.find((n) => n.name === layer);
  if (!node || node.kind !== 'conv') throw new ConfigError(`'${layer}' is not a conv layer of ${description.architecture}`);
  return node.filters;
}

/** Checks a keep-set against the layer's filter count; returns it sorted ascending. */
export function checkKeep(description: ModelDescription, layer: string, keep: readonly number[]): number[] {
  prunableEntry(description, layer);
  const filters = filterCount(description, layer);
  if (keep.length === 0) {
    throw new ConfigError(`cannot remove all ${filters} filters of '${layer}': keptFilters is empty; keep at least one`);
  }
  const bad = keep.filter((i) => !Number.isInteger(i) || i < 0 || i >= filters);
  if (bad.length > 0) {
    throw new ConfigError(`keptFilters of '${layer}' must be integers in [0, ${filters}); invalid: [${bad.slice(0, 10).join(', ')}]`);
  }
  const sorted = [...keep].sort((a, b) => a - b);
  const dup = sorted.find((v, i) => i > 0 && sorted[i - 1] === v);
  if (dup !== undefined) throw new ConfigError(`keptFilters of '${layer}' lists filter ${dup} twice`);
  return sorted;
}

/** The description with only `keep` filters of `layer` (and the matching inputs downstream); no weights. */
export function pruneDescription(description: ModelDescription, layer: string, keep: readonly number[]): ModelDescription {
  const sorted = checkKeep(description, layer, keep);
  const { nodes } = propagateRemoval(description, layer, sorted);
  return { ...description, nodes, plan: [...description.plan, { layer, keptFilters: sorted }] };
}

/** Replays a pruning plan on a description (description only); a step of a grouped description names a group. */
export function applyPlan(description: ModelDescription, plan: readonly PlanStep[]): ModelDescription {
  return plan.reduce(
    (d, step) => (d.groups ? pruneGroupDescription(d, step.layer, step.keptFilters) : pruneDescription(d, step.layer, step.keptFilters)),
    description,
  );
}

export interface PrunedModel {
  description: ModelDescription;
  /** New tensors owned by the caller; the input weights are left untouched. */
  weights: Weights;
}

/**
 * Removes filters for real: a physically smaller description and weights. Slices the layer's kernel (and bias),
 * its BN (gamma, beta, moving mean, moving variance) and the input channels of every consumer, following the
 * removal through pass-through layers and the flatten row mapping. Refuses non-prunable layers and an empty keep.
 */
export function removeFilters(
  description: ModelDescription,
  weights: Weights,
  layer: string,
  keep: readonly number[],
): PrunedModel {
  const sorted = checkKeep(description, layer, keep);
  const edits = gatherEdits(weights, `filters of '${layer}'`);
  try {
    const { nodes } = propagateRemoval(description, layer, sorted, edits.editorFor);
    return { description: { ...description, nodes, plan: [...description.plan, { layer, keptFilters: sorted }] }, weights: edits.result() };
  } catch (err) {
    edits.dispose();
    throw err;
  }
}
