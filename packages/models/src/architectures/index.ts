import type { Architecture } from './architecture';
import { fcn32s, fcn32sBn } from './fcn32s';
import { defineRegistry } from './registry';
import { resnet18 } from './resnet18';
import { vgg16 } from './vgg16';

export * from './architecture';
export { defineRegistry, type Registry } from './registry';
export { VGG16_STAGES } from './vgg16';

/** Every architecture, once. To add one: a file exporting an `Architecture` record, and a line here. */
export const ARCHITECTURE_NAMES = ['vgg16', 'resnet18', 'fcn32s', 'fcn32s-bn'] as const;
export type ArchitectureName = (typeof ARCHITECTURE_NAMES)[number];

export const architectures = defineRegistry<Architecture>('architecture', [vgg16, resnet18, fcn32s, fcn32sBn]);
