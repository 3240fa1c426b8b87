import type { BatchNormNode, ConvNode, LayerNode, Padding } from '../description/types';

/** PyTorch's BatchNorm2d defaults (eps 1e-5, momentum 0.1 = our 0.9), which the reference numbers assume. */
export const BN_DEFAULTS = { epsilon: 1e-5, momentum: 0.9 } as const;

export interface ConvOptions {
  kernel?: number;
  stride?: number;
  padding?: Padding;
  useBias?: boolean;
}

export function conv(name: string, input: string, filters: number, o: ConvOptions = {}): ConvNode {
  return {
    kind: 'conv',
    name,
    inputs: [input],
    filters,
    kernel: o.kernel ?? 3,
    stride: o.stride ?? 1,
    padding: o.padding ?? 'same',
    useBias: o.useBias ?? false,
  };
}

export function bn(name: string, input: string): BatchNormNode {
  return { kind: 'bn', name, inputs: [input], ...BN_DEFAULTS };
}

/** conv → `${name}_bn` → `${name}_relu`; the relu is the block's output. */
export function convBnRelu(name: string, input: string, filters: number, o: ConvOptions = {}): LayerNode[] {
  return [conv(name, input, filters, o), bn(`${name}_bn`, name), { kind: 'relu', name: `${name}_relu`, inputs: [`${name}_bn`] }];
}

export function last(nodes: LayerNode[]): string {
  return nodes[nodes.length - 1].name;
}
