import { withUnits } from '../description/channel-groups';
import type { ModelDescription } from '../description/types';
import { validateDescription } from '../description/validate';

/**
 * A two-conv description written by hand (not in the registry): the trainer and checkpoints work on any
 * description, and this one trains in well under a second per epoch on the pure-JS cpu backend, where the
 * conv weight gradient is the slow kernel.
 */
export function miniCnn(numClasses = 4, size = 8): ModelDescription {
  const bn = { epsilon: 1e-5, momentum: 0.9 };
  const draft: ModelDescription = {
    architecture: 'mini-cnn',
    variant: 'test net: conv3×3(8)+BN+ReLU, max-pool, conv3×3(8)+BN+ReLU, global average pool, Linear',
    task: 'classification',
    width: 1,
    numClasses,
    inputShape: [size, size, 3],
    nodes: [
      { kind: 'input', name: 'input', inputs: [], shape: [size, size, 3] },
      { kind: 'conv', name: 'conv1', inputs: ['input'], filters: 8, kernel: 3, stride: 1, padding: 'same', useBias: false },
      { kind: 'bn', name: 'conv1_bn', inputs: ['conv1'], ...bn },
      { kind: 'relu', name: 'conv1_relu', inputs: ['conv1_bn'] },
      { kind: 'maxpool', name: 'pool1', inputs: ['conv1_relu'], size: 2, stride: 2, padding: 'same' },
      { kind: 'conv', name: 'conv2', inputs: ['pool1'], filters: 8, kernel: 3, stride: 1, padding: 'same', useBias: false },
      { kind: 'bn', name: 'conv2_bn', inputs: ['conv2'], ...bn },
      { kind: 'relu', name: 'conv2_relu', inputs: ['conv2_bn'] },
      { kind: 'gap', name: 'avgpool', inputs: ['conv2_relu'] },
      { kind: 'dense', name: 'fc', inputs: ['avgpool'], units: numClasses, useBias: true, fixedWidth: true },
    ],
    output: 'fc',
    groups: [],
    unprunable: [{ layer: 'fc', reason: 'classifier: its outputs are the classes' }],
    plan: [],
    notes: [],
  };
  const description = withUnits(draft, ['conv1', 'conv2']);
  validateDescription(description);
  return description;
}
