import { ConfigError } from '@l2p/runtime';
import { channelGroups, groupNamed } from '../description/channel-groups';
import type { ChannelGroup, ModelDescription } from '../description/types';
import type { Weights } from '../weights/types';
import { gatherEdits } from './gather-edits';
import { propagateGroupRemoval } from './propagate';
import type { PrunedModel } from './remove-filters';

/** The group named `name` of a description pruned through groups, or a ConfigError listing the groups. */
export function groupEntry(description: ModelDescription, name: string): ChannelGroup {
  const group = groupNamed(description, name);
  if (group) return group;
  const groups = description.groups;
  if (!groups) throw new ConfigError(`${description.architecture} is not pruned through channel groups; '${name}' is not a group`);
  throw new ConfigError(`'${name}' is not a channel group of ${description.architecture}`, `groups: ${groups.map((g) => g.name).join(', ')}`);
}

/** The current filter count of a group (every member has the same). */
export function groupFilterCount(description: ModelDescription, name: string): number {
  const group = groupEntry(description, name);
  const node = description.nodes.find((n) => n.name === group.members[0]);
  if (!node || node.kind !== 'conv') throw new ConfigError(`group '${name}': member '${group.members[0]}' is not a conv layer`);
  return node.filters;
}

/** Checks a keep-set against the group's filter count; returns it sorted ascending. */
export function checkGroupKeep(description: ModelDescription, name: string, keep: readonly number[]): number[] {
  const filters = groupFilterCount(description, name);
  if (keep.length === 0) throw new ConfigError(`cannot remove all ${filters} filters of group '${name}': keptFilters is empty; keep at least one`);
  const bad = keep.filter((i) => !Number.isInteger(i) || i < 0 || i >= filters);
  if (bad.length > 0) throw new ConfigError(`keptFilters of group '${name}' must be integers in [0, ${filters}); invalid: [${bad.slice(0, 10).join(', ')}]`);
  const sorted = [...keep].sort((a, b) => a - b);
  const dup = sorted.find((v, i) => i > 0 && sorted[i - 1] === v);
  if (dup !== undefined) throw new ConfigError(`keptFilters of group '${name}' lists filter ${dup} twice`);
  return sorted;
}

/** The description with only `keep` filters in every member of group `name` (and the matching inputs downstream). */
export function pruneGroupDescription(description: ModelDescription, name: string, keep: readonly number[]): ModelDescription {
  const sorted = checkGroupKeep(description, name, keep);
  const { nodes } = propagateGroupRemoval(description, groupEntry(description, name).members, sorted, undefined, true);
  return regrouped({ ...description, nodes, plan: [...description.plan, { layer: name, keptFilters: sorted }] });
}

/** Consumers' offsets in a concatenation move as other inputs shrink: the groups are re-derived from the pruned graph. */
function regrouped(description: ModelDescription): ModelDescription {
  return { ...description, groups: channelGroups(description).groups };
}

/**
 * Removes the same filters from every member of a channel group for real: members' kernels and biases, every BN
 * and depthwise conv on the way, and the matching input channels of every consumer (at their concatenation
 * offsets). Input weights are untouched; the returned tensors belong to the caller.
 */
export function removeGroup(description: ModelDescription, weights: Weights, name: string, keep: readonly number[]): PrunedModel {
  const sorted = checkGroupKeep(description, name, keep);
  const group = groupEntry(description, name);
  const edits = gatherEdits(weights, `filters of group '${name}'`);
  try {
    const { nodes } = propagateGroupRemoval(description, group.members, sorted, edits.editorFor, true);
    return { description: regrouped({ ...description, nodes, plan: [...description.plan, { layer: name, keptFilters: sorted }] }), weights: edits.result() };
  } catch (err) {
    edits.dispose();
    throw err;
  }
}
