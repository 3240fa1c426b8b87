import { ConfigError } from '@l2p/runtime';
import type { ModelDescription } from '../description/types';
import { filterCount, unitEntry } from '../surgery/remove-filters';
import { type Weights, weightName } from './types';

/**
 * A unit's filters as the deciders read them: [rows, N], N filters on the last axis, filter i's column being filter
 * i of every member one after another (a member's tfjs kernel [kh, kw, in, N] is already that, flattened).
 */
export function unitKernel(description: ModelDescription, weights: Weights, unit: string): { kernel: Float32Array; shape: [number, number] } {
  const parts = unitEntry(description, unit).members.map((layer) => {
    const t = weights[weightName(layer, 'kernel')];
    if (!t) throw new ConfigError(`weights have no kernel for '${layer}'`);
    return t.dataSync() as Float32Array;
  });
  const n = filterCount(description, unit);
  if (parts.length === 1) return { kernel: parts[0], shape: [parts[0].length / n, n] };
  const kernel = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  parts.reduce((at, p) => (kernel.set(p, at), at + p.length), 0);
  return { kernel, shape: [kernel.length / n, n] };
}
