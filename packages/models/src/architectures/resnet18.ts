import { withUnits } from '../description/channel-groups';
import type { LayerNode, ModelDescription, UnprunableLayer } from '../description/types';
import type { Architecture } from './architecture';
import { bn, conv, convBnRelu } from './parts';

/** Channels and first-block stride of the four stages; two BasicBlocks each. */
export const RESNET18_STAGES: readonly { channels: number; stride: number }[] = [
  { channels: 64, stride: 1 },
  { channels: 128, stride: 2 },
  { channels: 256, stride: 2 },
  { channels: 512, stride: 2 },
];
const BLOCKS_PER_STAGE = 2;
const STEM_CHANNELS = 64;

const COUPLED =
  "residual-coupled: its output channels are summed with another branch's, so they can only be removed " +
  'together across the stage, not one layer at a time';

function describeResnet18(options: { numClasses: number; inputShape: [number, number, number] }): ModelDescription {
  const nodes: LayerNode[] = [{ kind: 'input', name: 'input', inputs: [], shape: options.inputShape }];
  const units: string[] = [];
  const unprunable: UnprunableLayer[] = [{ layer: 'conv1', reason: COUPLED }];
  nodes.push(...convBnRelu('conv1', 'input', STEM_CHANNELS));
  let previous = 'conv1_relu';
  let inChannels = STEM_CHANNELS;
  RESNET18_STAGES.forEach(({ channels, stride: stageStride }, s) => {
    for (let b = 0; b < BLOCKS_PER_STAGE; b++) {
      const n = `layer${s + 1}_${b}`;
      const stride = b === 0 ? stageStride : 1;
      nodes.push(...convBnRelu(`${n}_conv1`, previous, channels, { stride }));
      nodes.push(conv(`${n}_conv2`, `${n}_conv1_relu`, channels), bn(`${n}_conv2_bn`, `${n}_conv2`));
      let shortcut = previous;
      if (stride !== 1 || inChannels !== channels) {
        nodes.push(
          conv(`${n}_shortcut`, previous, channels, { kernel: 1, stride, padding: 'valid' }),
          bn(`${n}_shortcut_bn`, `${n}_shortcut`),
        );
        shortcut = `${n}_shortcut_bn`;
        unprunable.push({ layer: `${n}_shortcut`, reason: COUPLED });
      }
      nodes.push(
        { kind: 'add', name: `${n}_add`, inputs: [`${n}_conv2_bn`, shortcut] },
        { kind: 'relu', name: `${n}_relu`, inputs: [`${n}_add`] },
      );
      units.push(`${n}_conv1`);
      unprunable.push({ layer: `${n}_conv2`, reason: COUPLED });
      previous = `${n}_relu`;
      inChannels = channels;
    }
  });
  nodes.push(
    { kind: 'gap', name: 'avgpool', inputs: [previous] },
    { kind: 'dense', name: 'fc', inputs: ['avgpool'], units: options.numClasses, useBias: true, fixedWidth: true },
  );
  unprunable.push({ layer: 'fc', reason: 'classifier: its outputs are the classes' });
  return withUnits({
    architecture: 'resnet18',
    variant: resnet18.variant,
    task: 'classification',
    width: 1,
    numClasses: options.numClasses,
    inputShape: options.inputShape,
    nodes,
    output: 'fc',
    groups: [],
    unprunable,
    plan: [],
    notes: [
      'Only the first conv of each BasicBlock is prunable (its output feeds only the block\'s second conv), as in Li et al. 2017.',
      'Residual-coupled outputs (the stem, every second conv and every projection shortcut) are not pruned one layer at a time.',
      "Paper note: TensorFlow 'same' padding of a stride-2 3×3 conv pads bottom/right only, where PyTorch pads 1 on each side; shapes and counts are identical.",
    ],
  }, units);
}

export const resnet18: Architecture = {
  name: 'resnet18',
  variant:
    'ResNet-18 (CIFAR): 3×3 stem (64), 4 stages × 2 BasicBlocks (64/128/256/512, stride 2 at stages 2–4, ' +
    '1×1 projection + BN shortcuts), global average pool, Linear classes',
  task: 'classification',
  defaults: { numClasses: 10, inputShape: [32, 32, 3] },
  describe: describeResnet18,
};
