import { inferShapes } from '../description/graph';
import type { LayerNode, ModelDescription, Shape } from '../description/types';
import { prunableEntry } from '../surgery/remove-filters';

/** Where the network is cut for a prunable layer: after its activation (BN + ReLU), in description order. */
export interface Cut {
  layer: string;
  /** The prunable layer's activation node: masks apply to its value. */
  activation: string;
  /** Index of `activation` in the description's nodes; nodes up to it are the prefix. */
  index: number;
  /** Prefix values the suffix reads, the activation first (a ResNet block's first conv also needs the block input). */
  frontier: { node: string; shape: Shape }[];
  /** The nodes after the cut. */
  suffix: LayerNode[];
  /** BN nodes among them, in network order. */
  norms: string[];
}

export function cutAt(description: ModelDescription, layer: string): Cut {
  const { activation } = prunableEntry(description, layer);
  const index = description.nodes.findIndex((n) => n.name === activation);
  const shapes = inferShapes(description);
  const prefix = new Set(description.nodes.slice(0, index + 1).map((n) => n.name));
  const suffix = description.nodes.slice(index + 1);
  const read = new Set(suffix.flatMap((n) => n.inputs).filter((n) => prefix.has(n)));
  read.delete(activation);
  const frontier = [activation, ...read].map((node) => ({ node, shape: shapes.get(node) as Shape }));
  return { layer, activation, index, frontier, suffix, norms: suffix.filter((n) => n.kind === 'bn').map((n) => n.name) };
}

