import { countModel, MAC_FORMULA, PARAM_FORMULA } from '../count/counter';
import { describeModel } from '../describe';
import type { DescribeOptions, LayerKind, LayerNode, ModelDescription, Shape } from '../description/types';

export interface SummaryRow {
  name: string;
  kind: LayerKind;
  /** Kind-specific settings, e.g. "3×3 /1 same, 64 filters". */
  detail: string;
  outputShape: Shape;
  params: number;
  macs: number;
  prunable: boolean;
}

export interface ModelSummary {
  architecture: string;
  variant: string;
  width: number;
  numClasses: number;
  inputShape: Shape;
  rows: SummaryRow[];
  params: number;
  nonTrainableParams: number;
  macs: number;
  pruningSteps: number;
  notes: string[];
  macFormula: string;
  paramFormula: string;
}

function detail(node: LayerNode): string {
  switch (node.kind) {
    case 'conv':
      return `${node.kernel}×${node.kernel} /${node.stride} ${node.padding}, ${node.filters} filters${node.useBias ? ', bias' : ''}`;
    case 'conv-transpose':
      return `${node.kernel}×${node.kernel} /${node.stride} transposed, ${node.filters} filters, ${node.init}${node.trainable ? '' : ', frozen'}`;
    case 'dense':
      return `${node.units} units${node.useBias ? ', bias' : ''}`;
    case 'depthwise-conv':
      return `${node.kernel}×${node.kernel} /${node.stride} ${node.padding}, depthwise${node.useBias ? ', bias' : ''}`;
    case 'maxpool':
    case 'avgpool':
      return `${node.size}×${node.size} /${node.stride} ${node.padding}`;
    case 'zeropad':
      return `top ${node.pads[0]}, bottom ${node.pads[1]}, left ${node.pads[2]}, right ${node.pads[3]}`;
    case 'concat':
      return node.inputs.join(' | ');
    case 'dropout':
      return `rate ${node.rate}`;
    case 'bn':
      return `eps ${node.epsilon}, momentum ${node.momentum}`;
    case 'add':
      return node.inputs.join(' + ');
    case 'crop':
      return `to ${node.reference}, offset ${node.offset.join(', ')}`;
    default:
      return '';
  }
}

/** Layers, parameters and MACs of any description (pruned ones too). */
export function summarizeDescription(description: ModelDescription): ModelSummary {
  const count = countModel(description);
  // Every member of a unit loses filters when the unit is pruned.
  const prunable = new Set(description.groups.flatMap((g) => g.members));
  return {
    architecture: description.architecture,
    variant: description.variant,
    width: description.width,
    numClasses: description.numClasses,
    inputShape: [...description.inputShape],
    rows: description.nodes.map((node, i) => ({
      name: node.name,
      kind: node.kind,
      detail: detail(node),
      outputShape: count.layers[i].outputShape,
      params: count.layers[i].params + count.layers[i].nonTrainableParams,
      macs: count.layers[i].macs,
      prunable: prunable.has(node.name),
    })),
    params: count.params,
    nonTrainableParams: count.nonTrainableParams,
    macs: count.macs,
    pruningSteps: description.plan.length,
    notes: description.notes,
    macFormula: MAC_FORMULA,
    paramFormula: PARAM_FORMULA,
  };
}

/** `l2p model summary <name> [--width]`: the data; print it with `formatSummary`. */
export function summarizeModel(name: string, options: DescribeOptions = {}): ModelSummary {
  return summarizeDescription(describeModel(name, options));
}

export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return `${n}`;
}

/** A fixed-width table: one row per layer, then totals, the formulas and the notes. */
export function formatSummary(summary: ModelSummary): string {
  const header = ['layer', 'kind', 'settings', 'output', 'params', 'MACs'];
  const rows = summary.rows.map((r) => [
    `${r.name}${r.prunable ? ' *' : ''}`,
    r.kind,
    r.detail,
    r.outputShape.join('×'),
    r.params ? r.params.toLocaleString('en-US') : '',
    r.macs ? r.macs.toLocaleString('en-US') : '',
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]): string =>
    cells.map((cell, c) => (c >= 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  const out = [
    `${summary.architecture} — ${summary.variant}`,
    `width ${summary.width}, ${summary.numClasses} classes, input ${summary.inputShape.join('×')}` +
      (summary.pruningSteps > 0 ? `, pruned in ${summary.pruningSteps} steps` : ''),
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `trainable params: ${summary.params.toLocaleString('en-US')} (${formatCount(summary.params)})` +
      `, non-trainable: ${summary.nonTrainableParams.toLocaleString('en-US')}`,
    `MACs per image: ${summary.macs.toLocaleString('en-US')} (${formatCount(summary.macs)})`,
    '* prunable layer',
    `MACs: ${summary.macFormula}`,
    `Params: ${summary.paramFormula}`,
    ...summary.notes.map((n) => `note: ${n}`),
  ];
  return `${out.join('\n')}\n`;
}
