import { consumersByName, inferShapes } from '../description/graph';
import type { LayerNode, ModelDescription } from '../description/types';
import type { WeightEditor } from './handler';
import { surgeryFor } from './table';

export interface Propagation {
  /** The description's nodes with the edited ones replaced. */
  nodes: LayerNode[];
  /** The layers whose inputs absorbed the removal (conv/dense input axes), in the order reached. */
  consumers: string[];
  /** Nodes the removal flowed through without being absorbed (BN, ReLU, pooling, flatten, ...). */
  path: string[];
}

/**
 * Removes output channels of `layer` (all but `keep`) and follows the removal downstream through the surgery table
 * until every branch reaches a layer that absorbs it. With `editorFor`, weights are edited on the way; without it
 * only the description changes. Throws CoupledChannelsError if the removal reaches a residual add.
 */
export function propagateRemoval(
  description: ModelDescription,
  layer: string,
  keep: number[],
  editorFor?: (node: string) => WeightEditor,
): Propagation {
  const shapes = inferShapes(description);
  const consumers = consumersByName(description);
  const index = new Map(description.nodes.map((n, i) => [n.name, i]));
  const nodes = [...description.nodes];
  const at = (name: string): number => {
    const i = index.get(name);
    if (i === undefined) throw new Error(`${description.architecture}: no layer named '${name}'`);
    return i;
  };

  const producer = nodes[at(layer)];
  const handler = surgeryFor(producer);
  if (!handler.removeOutputs) throw new Error(`'${layer}' (${producer.kind}) has no filters to remove`);
  const producerInput = producer.inputs[0];
  nodes[at(layer)] = handler.removeOutputs(producer, keep, {
    inputShape: shapes.get(producerInput) ?? [],
    weights: editorFor?.(layer),
  });

  const reached: string[] = [];
  const path: string[] = [];
  const visited = new Set<string>();
  const queue: { from: string; indices: number[] }[] = [{ from: layer, indices: keep }];
  while (queue.length > 0) {
    const { from, indices } = queue.shift() as { from: string; indices: number[] };
    for (const name of consumers.get(from) ?? []) {
      if (visited.has(name)) throw new Error(`'${name}' is reached twice while removing filters of '${layer}'`);
      visited.add(name);
      const i = at(name);
      const result = surgeryFor(nodes[i]).removeInputs(nodes[i], indices, {
        inputShape: shapes.get(from) ?? [],
        weights: editorFor?.(name),
      });
      nodes[i] = result.node;
      if (result.passOn) {
        path.push(name);
        queue.push({ from: name, indices: result.passOn });
      } else {
        reached.push(name);
      }
    }
  }
  return { nodes, consumers: reached, path };
}
