import { ConfigError } from '@l2p/runtime';
import { filterCount, groupEntry, groupFilterCount, type ModelDescription, type PrunedModel, removeFilters, removeGroup, weightName, type Weights } from '@l2p/models';
import { type CandidateEvaluator, type CandidateEvaluatorOptions, createCandidateEvaluator } from '../evaluate/candidate-evaluator';
import { groupEvaluator } from '../evaluate/group-evaluator';

/**
 * What the pipeline prunes one at a time: the prunable layers, or, for a description pruned through channel
 * groups (an imported model, ResNet-18 with `groups`), its groups. A group's filters are its rows: filter i of a
 * group is filter i of every member, removed from all of them together.
 */
export function pruneUnits(description: ModelDescription): string[] {
  return description.groups ? description.groups.map((g) => g.name) : description.prunable.map((p) => p.layer);
}

/** Filters of a unit (throws a ConfigError naming the unit when it is not one). */
export function unitFilterCount(description: ModelDescription, unit: string): number {
  return description.groups ? groupFilterCount(description, unit) : filterCount(description, unit);
}

/**
 * A unit's kernel as the deciders read it, N filters on the last axis: a layer's [kh, kw, in, N]; a group's
 * members' kernels one after another as [Σ kh·kw·in, N] (filter i's row is every member's filter i).
 */
export function unitKernel(description: ModelDescription, weights: Weights, unit: string): { kernel: Float32Array; shape: number[] } {
  const layers = description.groups ? groupEntry(description, unit).members : [unit];
  const parts = layers.map((layer) => {
    const t = weights[weightName(layer, 'kernel')];
    if (!t) throw new ConfigError(`weights have no kernel for '${layer}'`);
    return { data: t.dataSync() as Float32Array, shape: t.shape };
  });
  if (!description.groups) return { kernel: parts[0].data, shape: parts[0].shape };
  const n = unitFilterCount(description, unit);
  const kernel = new Float32Array(parts.reduce((s, p) => s + p.data.length, 0));
  let at = 0;
  for (const p of parts) {
    kernel.set(p.data, at);
    at += p.data.length;
  }
  return { kernel, shape: [kernel.length / n, n] };
}

/** Removes the unit's filters outside `keep` for real (a layer, or every member of a group). */
export function removeUnit(description: ModelDescription, weights: Weights, unit: string, keep: readonly number[]): PrunedModel {
  return description.groups ? removeGroup(description, weights, unit, keep) : removeFilters(description, weights, unit, keep);
}

/** The candidate evaluator for a unit: the cached per-engine one for a layer, the group evaluator for a group. */
export function createUnitEvaluator(options: CandidateEvaluatorOptions): CandidateEvaluator {
  return options.description.groups ? groupEvaluator(options) : createCandidateEvaluator(options);
}
