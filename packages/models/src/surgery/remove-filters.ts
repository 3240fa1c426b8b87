import { ConfigError } from '@l2p/runtime';
import { groupNamed, regrouped } from '../description/channel-groups';
import type { ChannelGroup, ModelDescription, PlanStep } from '../description/types';
import type { Weights } from '../weights/types';
import { gatherEdits } from './gather-edits';
import { propagateGroupRemoval } from './propagate';

/** The pruning unit named `unit` (a channel group, named by its first member), or a ConfigError saying why it is none. */
export function unitEntry(description: ModelDescription, unit: string): ChannelGroup {
  const entry = groupNamed(description, unit);
  if (entry) return entry;
  const stated = description.unprunable.find((u) => u.layer === unit);
  const member = description.groups.find((g) => g.members.includes(unit));
  const exists = description.nodes.some((n) => n.name === unit);
  const why = stated
    ? stated.reason
    : member
      ? `it is pruned with its group '${member.name}' (${member.members.join(' + ')})`
      : exists
        ? 'it is not a pruning unit'
        : 'there is no such layer';
  throw new ConfigError(`cannot remove filters of '${unit}' in ${description.architecture}: ${why}`, `units: ${description.groups.map((g) => g.name).join(', ') || 'none'}`);
}

/** The current filter count of a unit (every member has the same). */
export function filterCount(description: ModelDescription, unit: string): number {
  const group = unitEntry(description, unit);
  const node = description.nodes.find((n) => n.name === group.members[0]);
  if (!node || node.kind !== 'conv') throw new ConfigError(`unit '${unit}': member '${group.members[0]}' is not a conv layer`);
  return node.filters;
}

/** Checks a keep-set against the unit's filter count; returns it sorted ascending. */
export function checkKeep(description: ModelDescription, unit: string, keep: readonly number[]): number[] {
  const filters = filterCount(description, unit);
  if (keep.length === 0) {
    throw new ConfigError(`cannot remove all ${filters} filters of '${unit}': keptFilters is empty; keep at least one`);
  }
  const bad = keep.filter((i) => !Number.isInteger(i) || i < 0 || i >= filters);
  if (bad.length > 0) {
    throw new ConfigError(`keptFilters of '${unit}' must be integers in [0, ${filters}); invalid: [${bad.slice(0, 10).join(', ')}]`);
  }
  const sorted = [...keep].sort((a, b) => a - b);
  const dup = sorted.find((v, i) => i > 0 && sorted[i - 1] === v);
  if (dup !== undefined) throw new ConfigError(`keptFilters of '${unit}' lists filter ${dup} twice`);
  return sorted;
}

/** The description with only `keep` filters in every member of `unit` (and the matching inputs downstream); no weights. */
export function pruneDescription(description: ModelDescription, unit: string, keep: readonly number[]): ModelDescription {
  const sorted = checkKeep(description, unit, keep);
  const { nodes } = propagateGroupRemoval(description, unitEntry(description, unit).members, sorted, undefined, true);
  return regrouped({ ...description, nodes, plan: [...description.plan, { layer: unit, keptFilters: sorted }] });
}

/** Replays a pruning plan on a description (description only). */
export function applyPlan(description: ModelDescription, plan: readonly PlanStep[]): ModelDescription {
  return plan.reduce((d, step) => pruneDescription(d, step.layer, step.keptFilters), description);
}

export interface PrunedModel {
  description: ModelDescription;
  /** New tensors owned by the caller; the input weights are left untouched. */
  weights: Weights;
}

/**
 * Removes filters for real: a physically smaller description and weights. The same filters go from every member of
 * the unit (kernels and biases), every BN and depthwise conv on the way, and the matching input channels of every
 * consumer (at their concatenation offsets), following the removal through pass-through layers and the flatten row
 * mapping. Input weights are untouched; the returned tensors belong to the caller. Refuses a non-unit and an empty keep.
 */
export function removeFilters(description: ModelDescription, weights: Weights, unit: string, keep: readonly number[]): PrunedModel {
  const sorted = checkKeep(description, unit, keep);
  const group = unitEntry(description, unit);
  const edits = gatherEdits(weights, `filters of '${unit}'`);
  try {
    const { nodes } = propagateGroupRemoval(description, group.members, sorted, edits.editorFor, true);
    return { description: regrouped({ ...description, nodes, plan: [...description.plan, { layer: unit, keptFilters: sorted }] }), weights: edits.result() };
  } catch (err) {
    edits.dispose();
    throw err;
  }
}
