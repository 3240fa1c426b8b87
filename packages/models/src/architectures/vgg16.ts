import { withUnits } from '../description/channel-groups';
import type { LayerNode, ModelDescription } from '../description/types';
import type { Architecture } from './architecture';
import { bn, convBnRelu } from './parts';

/**
 * VGG-16, CIFAR variant of Li et al. 2017 ("Pruning Filters for Efficient ConvNets"): filters per conv, stage by
 * stage; a 2×2 max-pool ends each stage.
 */
export const VGG16_STAGES: readonly (readonly number[])[] = [
  [64, 64],
  [128, 128],
  [256, 256, 256],
  [512, 512, 512],
  [512, 512, 512],
];
export const VGG16_HIDDEN_UNITS = 512;

function describeVgg16(options: { numClasses: number; inputShape: [number, number, number] }): ModelDescription {
  const nodes: LayerNode[] = [{ kind: 'input', name: 'input', inputs: [], shape: options.inputShape }];
  const convNames: string[] = [];
  let previous = 'input';
  VGG16_STAGES.forEach((stage, s) => {
    stage.forEach((filters, i) => {
      const name = `conv${s + 1}_${i + 1}`;
      nodes.push(...convBnRelu(name, previous, filters));
      convNames.push(name);
      previous = `${name}_relu`;
    });
    // NOTE: 'same' pooling equals PyTorch's floor pooling on even sizes (CIFAR's 32 → 1) and still reaches 1×1
    // from MNIST's 28 (→ 14, 7, 4, 2, 1) where floor pooling would hit 0.
    nodes.push({ kind: 'maxpool', name: `pool${s + 1}`, inputs: [previous], size: 2, stride: 2, padding: 'same' });
    previous = `pool${s + 1}`;
  });
  nodes.push(
    { kind: 'flatten', name: 'flatten', inputs: [previous] },
    { kind: 'dense', name: 'fc1', inputs: ['flatten'], units: VGG16_HIDDEN_UNITS, useBias: true },
    bn('fc1_bn', 'fc1'),
    { kind: 'relu', name: 'fc1_relu', inputs: ['fc1_bn'] },
    { kind: 'dense', name: 'fc2', inputs: ['fc1_relu'], units: options.numClasses, useBias: true, fixedWidth: true },
  );
  // Every conv is a unit of its own (a group of one); the graph gives its mask point and consumers.
  return withUnits({
    architecture: 'vgg16',
    variant: vgg16.variant,
    task: 'classification',
    width: 1,
    numClasses: options.numClasses,
    inputShape: options.inputShape,
    nodes,
    output: 'fc2',
    groups: [],
    unprunable: [
      { layer: 'fc1', reason: 'Li et al. prune conv filters only; the hidden Linear layer is kept whole' },
      { layer: 'fc2', reason: 'classifier: its outputs are the classes' },
    ],
    plan: [],
    notes: [
      'Conv layers have no bias (BN follows each); the Linear layers have biases.',
      "Removing filters of conv5_3 removes the matching rows of fc1's kernel (NHWC flatten order).",
    ],
  }, convNames);
}

export const vgg16: Architecture = {
  name: 'vgg16',
  variant:
    'VGG-16 (CIFAR, Li et al. 2017): 13 conv3×3 (no bias) + BN + ReLU, max-pool after conv 2/4/7/10/13, ' +
    'Linear 512 → BN → ReLU → Linear classes, no dropout',
  task: 'classification',
  defaults: { numClasses: 10, inputShape: [32, 32, 3] },
  describe: describeVgg16,
};
