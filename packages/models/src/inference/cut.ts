import { inferShapes } from '../description/graph';
import type { LayerNode, ModelDescription, Shape } from '../description/types';
import { unitEntry } from '../surgery/remove-filters';

/** Where the network is cut for a unit: after its first mask point (a conv's BN + ReLU), in description order. */
export interface Cut {
  layer: string;
  /** The unit's first mask point: candidate masks multiply its value. */
  activation: string;
  /** The unit's other mask points, all in the suffix (none for a group of one): the same masks multiply them. */
  later: string[];
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
  const [activation, ...later] = unitEntry(description, layer).maskPoints;
  const index = description.nodes.findIndex((n) => n.name === activation);
  const shapes = inferShapes(description);
  const prefix = new Set(description.nodes.slice(0, index + 1).map((n) => n.name));
  const suffix = description.nodes.slice(index + 1);
  const read = new Set(suffix.flatMap((n) => n.inputs).filter((n) => prefix.has(n)));
  read.delete(activation);
  const frontier = [activation, ...read].map((node) => ({ node, shape: shapes.get(node) as Shape }));
  return { layer, activation, later, index, frontier, suffix, norms: suffix.filter((n) => n.kind === 'bn').map((n) => n.name) };
}

