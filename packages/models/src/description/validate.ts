import { ConfigError } from '@l2p/runtime';
import { CoupledChannelsError } from '../surgery/handler';
import { propagateRemoval } from '../surgery/propagate';
import { channelGroups } from './channel-groups';
import { consumersByName, inferShapes } from './graph';
import type { ModelDescription } from './types';

function fail(description: ModelDescription, rule: string): never {
  throw new ConfigError(`model description '${description.architecture}': ${rule}`);
}

/** The first ReLU after `layer` along single-consumer BN links: where "after BN + ReLU" is observed. */
export function activationAfter(description: ModelDescription, layer: string): string | undefined {
  const consumers = consumersByName(description);
  const kinds = new Map(description.nodes.map((n) => [n.name, n.kind]));
  let current = layer;
  for (;;) {
    const next = consumers.get(current) ?? [];
    if (next.length !== 1) return undefined;
    const kind = kinds.get(next[0]);
    if (kind === 'relu') return next[0];
    if (kind !== 'bn') return undefined;
    current = next[0];
  }
}

/**
 * Checks the invariants every other module relies on: unique names, inputs defined before use, one input node
 * first, shapes that infer, and for each prunable layer that its declared activation and consumers are what
 * the graph says. Throws ConfigError naming the rule and the value.
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
  for (const p of description.prunable) {
    const kind = kinds.get(p.layer);
    if (kind !== 'conv') fail(description, `prunable layer '${p.layer}' must be a conv layer, got ${kind ?? 'nothing'}`);
    const activation = activationAfter(description, p.layer);
    if (activation !== p.activation) {
      fail(description, `prunable '${p.layer}' declares activation '${p.activation}', the graph gives '${activation}'`);
    }
    const node = description.nodes.find((n) => n.name === p.layer);
    const filters = node && node.kind === 'conv' ? node.filters : 0;
    let reached: string[];
    try {
      reached = propagateRemoval(description, p.layer, Array.from({ length: filters }, (_, i) => i)).consumers;
    } catch (err) {
      if (err instanceof CoupledChannelsError) fail(description, `prunable '${p.layer}': ${err.message}`);
      throw err;
    }
    if ([...reached].sort().join() !== [...p.consumers].sort().join()) {
      fail(description, `prunable '${p.layer}' declares consumers [${p.consumers}], the graph gives [${reached}]`);
    }
  }
  if (description.groups) {
    if (description.prunable.length > 0) fail(description, 'a description pruned through channel groups lists no prunable layers');
    const found = channelGroups(description).groups;
    if (JSON.stringify(found) !== JSON.stringify(description.groups)) {
      fail(description, `its channel groups [${description.groups.map((g) => g.name)}] are not what the graph gives [${found.map((g) => g.name)}]`);
    }
  }
  for (const u of description.unprunable) {
    if (!kinds.has(u.layer)) fail(description, `unprunable entry names '${u.layer}', which is not a layer`);
  }
}
