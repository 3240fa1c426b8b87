import { withUnits } from '../description/channel-groups';
import type { LayerNode, ModelDescription } from '../description/types';
import type { Architecture } from './architecture';
import { bn, conv } from './parts';
import { VGG16_STAGES } from './vgg16';

export const FCN_FC_CHANNELS = 4096;
export const FCN_STRIDE = 32;

function describeFcn32s(options: { numClasses: number; inputShape: [number, number, number] }, batchNorm: boolean): ModelDescription {
  const arch = batchNorm ? fcn32sBn : fcn32s;
  const nodes: LayerNode[] = [{ kind: 'input', name: 'input', inputs: [], shape: options.inputShape }];
  const prunableNames: string[] = [];
  let previous = 'input';
  const convRelu = (name: string, input: string, filters: number, kernel: number): void => {
    if (batchNorm) {
      nodes.push(conv(name, input, filters, { kernel }), bn(`${name}_bn`, name), { kind: 'relu', name: `${name}_relu`, inputs: [`${name}_bn`] });
    } else {
      nodes.push(conv(name, input, filters, { kernel, useBias: true }), { kind: 'relu', name: `${name}_relu`, inputs: [name] });
    }
    prunableNames.push(name);
  };
  VGG16_STAGES.forEach((stage, s) => {
    stage.forEach((filters, i) => {
      convRelu(`conv${s + 1}_${i + 1}`, previous, filters, 3);
      previous = `conv${s + 1}_${i + 1}_relu`;
    });
    nodes.push({ kind: 'maxpool', name: `pool${s + 1}`, inputs: [previous], size: 2, stride: 2, padding: 'same' });
    previous = `pool${s + 1}`;
  });
  // Paper note: FCN's Caffe model pads conv1_1 by 100 and runs fc6 'valid', then crops at offset 19. We use 'same'
  // padding throughout instead; the crop offset below then aligns the upsampling with the input.
  convRelu('fc6', previous, FCN_FC_CHANNELS, 7);
  nodes.push({ kind: 'dropout', name: 'fc6_drop', inputs: ['fc6_relu'], rate: 0.5 });
  convRelu('fc7', 'fc6_drop', FCN_FC_CHANNELS, 1);
  nodes.push(
    { kind: 'dropout', name: 'fc7_drop', inputs: ['fc7_relu'], rate: 0.5 },
    { ...conv('score', 'fc7_drop', options.numClasses, { kernel: 1, useBias: true }), fixedWidth: true },
    // Paper note: as in FCN-32s (Long et al. 2015, §4.3), the final stride-32 upsampling is fixed bilinear
    // interpolation (not trained). Kernel 2·32 puts coarse pixel j's weight peak at 32j + 31.5 in the output.
    {
      kind: 'conv-transpose',
      name: 'upscore',
      inputs: ['score'],
      filters: options.numClasses,
      kernel: 2 * FCN_STRIDE,
      stride: FCN_STRIDE,
      useBias: false,
      init: 'bilinear',
      trainable: false,
      fixedWidth: true,
    },
    // Offset 16 maps coarse pixel j to input pixel 32j + 15.5, the centre of the 32×32 block it summarises.
    { kind: 'crop', name: 'score_crop', inputs: ['upscore'], reference: 'input', offset: [FCN_STRIDE / 2, FCN_STRIDE / 2] },
  );
  return withUnits({
    architecture: arch.name,
    variant: arch.variant,
    task: 'segmentation',
    width: 1,
    numClasses: options.numClasses,
    inputShape: options.inputShape,
    nodes,
    output: 'score_crop',
    groups: [],
    unprunable: [
      { layer: 'score', reason: 'classifier: its outputs are the classes' },
      { layer: 'upscore', reason: 'fixed bilinear upsampling of the class scores' },
    ],
    plan: [],
    notes: [
      batchNorm
        ? 'Conv layers have no bias (BN follows each, fc6 and fc7 included); masks and activations are taken after ReLU.'
        : 'Conv layers have biases and no BN (as in FCN); masks and activations are taken after ReLU.',
      'Labels equal to 255 (void) are ignored by the loss and the metrics.',
    ],
  }, prunableNames);
}

export const fcn32s: Architecture = {
  name: 'fcn32s',
  variant:
    'FCN-32s (Long et al. 2015): VGG-16 conv body (bias, no BN) → fc6 7×7 conv 4096 + ReLU + dropout → fc7 1×1 ' +
    'conv 4096 + ReLU + dropout → score 1×1 → fixed bilinear ×32 transposed conv → crop to the input',
  task: 'segmentation',
  // NOTE: 512×512 holds any VOC image (at most 500×500) whole after padding; pass inputShape for other sizes.
  defaults: { numClasses: 21, inputShape: [512, 512, 3] },
  describe: (options) => describeFcn32s(options, false),
};

/**
 * Paper note: FCN-32s starts from ImageNet-trained VGG-16 weights, which cannot be had offline. Trained from scratch
 * on CPU, the plain network barely leaves all-background in the minutes an experiment has (tools/scripts/
 * seg-recipe.ts measured it); with BN after every conv (the VGG-16-BN body, as in the CIFAR VGG here) it learns.
 */
export const fcn32sBn: Architecture = {
  name: 'fcn32s-bn',
  variant:
    'FCN-32s with BN: VGG-16 conv body (conv3×3 no bias + BN + ReLU) → fc6 7×7 conv 4096 + BN + ReLU + dropout → ' +
    'fc7 1×1 conv 4096 + BN + ReLU + dropout → score 1×1 → fixed bilinear ×32 transposed conv → crop to the input',
  task: 'segmentation',
  defaults: fcn32s.defaults,
  describe: (options) => describeFcn32s(options, true),
};
