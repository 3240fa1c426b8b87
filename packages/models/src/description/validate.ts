import { ConfigError } from '@l2p/runtime';
import { channelGroups } from './channel-groups';
import { inferShapes } from './graph';
import type { ModelDescription } from './types';

function fail(description: ModelDescription, rule: string): never {
  throw new ConfigError(`model description '${description.architecture}': ${rule}`);
}


/**
 * Checks the invariants every other module relies on: unique names, inputs defined before use, one input node
 * first, shapes that infer, and that every pruning unit is the channel group the graph gives. Throws ConfigError naming the rule and the value.
 */
export function validateDescription(description: ModelDescription): void {
  const seen = new Set<string>();
  description.nodes.forEach((node, i) => {
    if (seen.has(node.name)) fail(description, `layer name '${node.name}' is used twice`);
    for (const input of node.inputs) {
      if (!seen.has(input)) fail(description, `'${node.name}' takes '${input}', which is not defined before it`);
    }
    if ((node.kind === 'input') !== (i === 0)) fail(description, `the input node must be first and only first ('${node.name}')`);
    if (node.kind === 'crop' && !seen.has(node.reference)) {
      fail(description, `crop '${node.name}' refers to '${node.reference}', which is not defined before it`);
    }
    seen.add(node.name);
  });
  if (!seen.has(description.output)) fail(description, `output '${description.output}' is not a layer`);
  try {
    inferShapes(description);
  } catch (err) {
    fail(description, (err as Error).message);
  }

  const kinds = new Map(description.nodes.map((n) => [n.name, n.kind]));
  // The units must be the graph's own groups (mask points, consumers, what shrinks), not a hand-written copy.
  const found = new Map(channelGroups(description).groups.map((g) => [g.name, g]));
  for (const g of description.groups) {
    const derived = found.get(g.name);
    if (!derived) fail(description, `unit '${g.name}' is not a channel group of the graph (groups: ${[...found.keys()].join(', ') || 'none'})`);
    if (JSON.stringify(derived) !== JSON.stringify(g)) fail(description, `unit '${g.name}' is not what the graph gives (${JSON.stringify(derived)})`);
  }
  if (description.everyGroup && description.groups.length !== found.size) {
    fail(description, `it prunes every channel group, but lists [${description.groups.map((g) => g.name)}] of [${[...found.keys()]}]`);
  }
  for (const u of description.unprunable) {
    if (!kinds.has(u.layer)) fail(description, `unprunable entry names '${u.layer}', which is not a layer`);
  }
}
