import { ConfigError } from '@l2p/runtime';
import { CoupledChannelsError } from '../surgery/handler';
import { propagateGroupRemoval } from '../surgery/propagate';
import { consumersByName, inferShapes } from './graph';
import type { ChannelGroup, GroupConsumer, LayerNode, ModelDescription, UnprunableLayer } from './types';

/** A run of channels of one node's output that all come from the same channel space. */
interface Segment {
  space: number;
  length: number;
}

/** A node's output channels as segments; `flat` once a flatten has interleaved positions and channels. */
interface Layout {
  segments: Segment[];
  flat: boolean;
}

export interface ChannelGroupAnalysis {
  groups: ChannelGroup[];
  /** Conv layers in no group, and why their channels cannot be removed. */
  fixed: UnprunableLayer[];
}

/** Kinds whose output channels are their (single) input's channels, one for one. */
const CHANNELWISE = new Set(['bn', 'relu', 'maxpool', 'avgpool', 'zeropad', 'dropout', 'depthwise-conv', 'gap', 'crop']);
/** Kinds that absorb a removal on their input axis. */
const ABSORBS = new Set(['conv', 'dense', 'conv-transpose']);

/**
 * Dependency analysis (the idea of DepGraph, Fang et al. CVPR 2023, written for our descriptions): every conv's
 * output channels start a channel space; layers that pass channels through keep the space; a residual add unites
 * the spaces of its inputs (their channel i must go together); a concatenation lays its inputs' spaces side by
 * side, so a consumer of the concatenation shrinks by each slice at its offset; a depthwise conv shares its
 * producer's space. A group is a united space with at least one conv, none of whose channels reach the model input
 * or output, a flatten that is not only read by dense layers, or an add whose inputs do not line up slice by slice.
 */
export function channelGroups(description: ModelDescription): ChannelGroupAnalysis {
  const parent: number[] = [];
  const origin: string[] = [];
  const fixedReason = new Map<number, string>();
  const find = (s: number): number => {
    while (parent[s] !== s) s = parent[s] = parent[parent[s]];
    return s;
  };
  const newSpace = (node: string): number => {
    parent.push(parent.length);
    origin.push(node);
    return parent.length - 1;
  };
  const fix = (layout: Layout, reason: string): void => {
    for (const seg of layout.segments) if (!fixedReason.has(find(seg.space))) fixedReason.set(find(seg.space), reason);
  };
  const union = (a: number, b: number): void => {
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) return;
    parent[rb] = ra;
    const reason = fixedReason.get(rb);
    if (reason !== undefined && !fixedReason.has(ra)) fixedReason.set(ra, reason);
  };

  const shapes = inferShapes(description);
  const layouts = new Map<string, Layout>();
  const channelsOf = new Map<string, number>();
  const absorbed: { consumer: string; layout: Layout }[] = [];
  for (const node of description.nodes) {
    const inputs = node.inputs.map((i) => layouts.get(i) as Layout);
    const fresh = (length: number): Layout => ({ segments: [{ space: newSpace(node.name), length }], flat: false });
    if (ABSORBS.has(node.kind)) absorbed.push({ consumer: node.name, layout: inputs[0] });
    switch (node.kind) {
      case 'input': {
        const layout = fresh(node.shape[2]);
        fix(layout, 'its channels are fed by the model input');
        layouts.set(node.name, layout);
        break;
      }
      case 'conv':
        channelsOf.set(node.name, node.filters);
        layouts.set(node.name, fresh(node.filters));
        break;
      case 'dense': {
        const layout = fresh(node.units);
        fix(layout, 'dense units are not pruned');
        layouts.set(node.name, layout);
        break;
      }
      case 'conv-transpose': {
        const layout = fresh(node.filters);
        fix(layout, 'transposed conv outputs are not pruned');
        layouts.set(node.name, layout);
        break;
      }
      case 'flatten':
        layouts.set(node.name, { segments: inputs[0].segments, flat: inputs[0].flat || (shapes.get(node.inputs[0]) ?? []).length > 1 });
        break;
      case 'add': {
        const lengths = inputs.map((l) => l.segments.map((s) => s.length).join());
        if (inputs.some((l) => l.flat || l.segments.length !== 1) || new Set(lengths).size !== 1) {
          for (const l of inputs) fix(l, `summed by '${node.name}' with inputs whose channels do not line up one space to one space`);
        } else {
          for (const l of inputs.slice(1)) union(inputs[0].segments[0].space, l.segments[0].space);
        }
        layouts.set(node.name, inputs[0]);
        break;
      }
      case 'concat':
        if (inputs.some((l) => l.flat)) for (const l of inputs) fix(l, `concatenated by '${node.name}' after a flatten`);
        layouts.set(node.name, { segments: inputs.flatMap((l) => l.segments), flat: inputs.some((l) => l.flat) });
        break;
      default:
        if (!CHANNELWISE.has(node.kind)) throw new Error(`channelGroups: no rule for layer kind '${node.kind}'`);
        layouts.set(node.name, inputs[0]);
    }
  }
  fix(layouts.get(description.output) as Layout, "its channels are the model's output");
  // A flattened tensor is only understood by a dense layer (its rows follow the flatten mapping).
  const kinds = new Map(description.nodes.map((n) => [n.name, n.kind]));
  const consumers = consumersByName(description);
  for (const node of description.nodes) {
    const layout = layouts.get(node.name) as Layout;
    if (!layout.flat) continue;
    for (const c of consumers.get(node.name) ?? []) {
      const k = kinds.get(c);
      if (k !== 'dense' && k !== 'dropout' && k !== 'concat' && k !== 'add') fix(layout, `flattened by a layer whose output is read by '${c}' (${k})`);
    }
  }

  const members = new Map<number, string[]>();
  for (const node of description.nodes) {
    if (node.kind !== 'conv') continue;
    const root = find((layouts.get(node.name) as Layout).segments[0].space);
    members.set(root, [...(members.get(root) ?? []), node.name]);
  }
  const groups: ChannelGroup[] = [];
  const fixed: UnprunableLayer[] = [];
  for (const [root, layers] of members) {
    const reason = fixedReason.get(root);
    if (reason !== undefined) {
      for (const layer of layers) fixed.push({ layer, reason: layers.length > 1 ? `coupled with ${layers.filter((l) => l !== layer).join(', ')}; ${reason}` : reason });
      continue;
    }
    const groupConsumers: GroupConsumer[] = [];
    for (const { consumer, layout } of absorbed) {
      let offset = 0;
      for (const seg of layout.segments) {
        if (find(seg.space) === root) groupConsumers.push({ layer: consumer, offset });
        offset += seg.length;
      }
    }
    try {
      groups.push(groupOf(description, layers, groupConsumers, channelsOf.get(layers[0]) as number));
    } catch (err) {
      if (!(err instanceof CoupledChannelsError)) throw err;
      for (const layer of layers) fixed.push({ layer, reason: err.message });
    }
  }
  const order = new Map(description.nodes.map((n, i) => [n.name, i]));
  groups.sort((a, b) => (order.get(a.name) as number) - (order.get(b.name) as number));
  fixed.sort((a, b) => (order.get(a.layer) as number) - (order.get(b.layer) as number));
  return { groups, fixed };
}

/** The end of the chain of sole-consumer BN/ReLU layers after `name`: where its channels are final. */
function chainEnd(name: string, consumers: Map<string, string[]>, byName: Map<string, LayerNode>): string {
  let current = name;
  for (;;) {
    const next = consumers.get(current) ?? [];
    if (next.length !== 1) return current;
    const kind = byName.get(next[0])?.kind;
    if (kind !== 'bn' && kind !== 'relu') return current;
    current = next[0];
  }
}

function groupOf(description: ModelDescription, members: string[], consumers: GroupConsumer[], filters: number): ChannelGroup {
  const all = Array.from({ length: filters }, (_, i) => i);
  // A dry run (description only, every channel kept) lists what the removal flows through.
  const { path } = propagateGroupRemoval(description, members, all, undefined, true);
  const byName = new Map(description.nodes.map((n) => [n.name, n]));
  const consumerMap = consumersByName(description);
  // Zeroed channels stay zero through ReLU, pooling, padding, adds and concatenations; a BN's shift or a depthwise
  // conv's bias would revive them, so the mask is applied again after those.
  const revives = path.filter((n) => {
    const node = byName.get(n) as LayerNode;
    return node.kind === 'bn' || (node.kind === 'depthwise-conv' && node.useBias);
  });
  const points = new Set([...members, ...revives].map((n) => chainEnd(n, consumerMap, byName)));
  const order = new Map(description.nodes.map((n, i) => [n.name, i]));
  const byOrder = (a: string, b: string): number => (order.get(a) as number) - (order.get(b) as number);
  return {
    name: members[0],
    members,
    maskPoints: [...points].sort(byOrder),
    consumers,
    shrinks: path.filter((n) => ['bn', 'depthwise-conv'].includes((byName.get(n) as LayerNode).kind)),
  };
}

/**
 * The description with its pruning units set. With `names`, the architecture's choice: exactly those groups (each
 * name must be a group's, i.e. its first member), other entries left as they are. Without, every group of the graph
 * (`everyGroup`): every conv in no group is listed as unprunable with its reason (other unprunable entries kept).
 */
export function withUnits(description: ModelDescription, names?: readonly string[]): ModelDescription {
  const { groups, fixed } = channelGroups(description);
  if (names === undefined) {
    const convs = new Set(description.nodes.filter((n) => n.kind === 'conv').map((n) => n.name));
    const others = description.unprunable.filter((u) => !convs.has(u.layer));
    return { ...description, groups, everyGroup: true, unprunable: [...fixed, ...others] };
  }
  const byName = new Map(groups.map((g) => [g.name, g]));
  const why = new Map(fixed.map((f) => [f.layer, f.reason]));
  for (const name of names) {
    if (!byName.has(name)) throw new ConfigError(`'${name}' is not a prunable unit of ${description.architecture}: ${why.get(name) ?? 'it starts no channel group'}`);
  }
  const chosen = new Set(names);
  return { ...description, groups: groups.filter((g) => chosen.has(g.name)) };
}

/** The same units after the graph changed (a cut moves a concatenation's offsets): re-derived, same names. */
export function regrouped(description: ModelDescription): ModelDescription {
  const names = new Set(description.groups.map((g) => g.name));
  return { ...description, groups: channelGroups(description).groups.filter((g) => names.has(g.name)) };
}

/** The unit named `name`, or undefined. */
export function groupNamed(description: ModelDescription, name: string): ChannelGroup | undefined {
  return description.groups.find((g) => g.name === name);
}

/** The description's pruning units by name, in network order (the order the paper prunes them: input side first). */
export function unitNames(description: ModelDescription): string[] {
  return description.groups.map((g) => g.name);
}
