import { ConfigError } from '@l2p/runtime';
import type { LayerNode, ModelDescription } from './types';

/** round(channels · width), at least 1: the channel count of a non-fixed layer under a width multiplier. */
export function scaleChannels(channels: number, width: number): number {
  return Math.max(1, Math.round(channels * width));
}

function scaleNode(node: LayerNode, width: number): LayerNode {
  switch (node.kind) {
    case 'conv':
    case 'conv-transpose':
      return node.fixedWidth ? node : { ...node, filters: scaleChannels(node.filters, width) };
    case 'dense':
      return node.fixedWidth ? node : { ...node, units: scaleChannels(node.units, width) };
    default:
      return node;
  }
}

/** The description with every layer not sized by the class count scaled by `width` (relative to width 1). */
export function withWidth(description: ModelDescription, width: number): ModelDescription {
  if (!(Number.isFinite(width) && width > 0)) {
    throw new ConfigError(`width must be a positive number, got ${width}`);
  }
  if (description.width !== 1) {
    throw new ConfigError(`withWidth scales a width-1 description; '${description.architecture}' is at width ${description.width}`);
  }
  if (description.plan.length > 0) {
    throw new ConfigError(`withWidth needs an unpruned description; '${description.architecture}' has ${description.plan.length} pruning steps`);
  }
  return { ...description, width, nodes: description.nodes.map((n) => scaleNode(n, width)) };
}
