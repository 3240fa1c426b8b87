import { inferShapes } from '../description/graph';
import type { LayerNode, ModelDescription } from '../description/types';
import type { WeightEditor } from './handler';
import { surgeryFor } from './table';

export interface Propagation {
  /** The description's nodes with the edited ones replaced. */
  nodes: LayerNode[];
  /** The layers whose inputs absorbed the removal (conv/dense input axes), in description order. */
  consumers: string[];
  /** Nodes the removal flowed through without being absorbed (BN, ReLU, pooling, flatten, add, ...), in description order. */
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
  return propagateGroupRemoval(description, [layer], keep, editorFor, false);
}

/**
 * The removal of the same output channels (all but `keep`) from every layer in `members` at once, followed
 * downstream in description (topological) order, so a node fed by several affected inputs is edited once with
 * all of them: a residual add passes the removal on only when every input arrives with the same channels (and
 * `group` is set), a concatenation keeps each affected input's kept channels at its offset and all of the others.
 */
export function propagateGroupRemoval(
  description: ModelDescription,
  members: readonly string[],
  keep: number[],
  editorFor: ((node: string) => WeightEditor) | undefined,
  group: boolean,
): Propagation {
  const shapes = inferShapes(description);
  const nodes = [...description.nodes];
  const memberSet = new Set(members);
  for (const m of members) {
    if (!nodes.some((n) => n.name === m)) throw new Error(`${description.architecture}: no layer named '${m}'`);
  }
  /** Node name → the surviving channel indices of its output, for every node the removal has reached. */
  const surviving = new Map<string, number[]>();
  const reached: string[] = [];
  const path: string[] = [];
  nodes.forEach((node, i) => {
    if (memberSet.has(node.name)) {
      const handler = surgeryFor(node);
      if (!handler.removeOutputs) throw new Error(`'${node.name}' (${node.kind}) has no filters to remove`);
      let source = node;
      const arriving = surviving.get(node.inputs[0]);
      if (arriving) {
        // A member that also reads the group's channels (a residual branch's conv): its inputs shrink as well.
        source = surgeryFor(node).removeInputs(node, arriving, { inputShape: shapes.get(node.inputs[0]) ?? [], weights: editorFor?.(node.name), group }).node;
        reached.push(node.name);
      }
      nodes[i] = handler.removeOutputs(source, keep, { inputShape: shapes.get(node.inputs[0]) ?? [], weights: editorFor?.(node.name), group });
      surviving.set(node.name, keep);
      return;
    }
    const inputKeeps = node.inputs.map((input) => surviving.get(input));
    const first = inputKeeps.findIndex((k) => k !== undefined);
    if (first < 0) return;
    const result = surgeryFor(node).removeInputs(node, inputKeeps[first] as number[], {
      inputShape: shapes.get(node.inputs[first]) ?? [],
      inputShapes: node.inputs.map((input) => shapes.get(input) ?? []),
      inputIndex: first,
      inputKeeps,
      weights: editorFor?.(node.name),
      group,
    });
    nodes[i] = result.node;
    if (result.passOn) {
      path.push(node.name);
      surviving.set(node.name, result.passOn);
    } else {
      reached.push(node.name);
    }
  });
  return { nodes, consumers: reached, path };
}
