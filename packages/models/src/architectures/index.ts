import { defineRegistry } from '@l2p/runtime';
import type { Architecture } from './architecture';
import { fcn32s, fcn32sBn } from './fcn32s';
import { resnet18 } from './resnet18';
import { vgg16 } from './vgg16';

export * from './architecture';
export { defineRegistry, type Registry } from '@l2p/runtime';
export { VGG16_STAGES } from './vgg16';

/** Every architecture, once. To add one: a file exporting an `Architecture` record, and a line here. */
export const architectures = defineRegistry<Architecture>('architecture', [vgg16, resnet18, fcn32s, fcn32sBn]);
