import type { Registry } from '@l2p/runtime';
import { z } from 'zod';

/**
 * A zod enum of a registry's names: the schema accepts exactly what is registered, and its message lists the
 * choices ("Invalid enum value. Expected 'vgg16' | 'resnet18' | 'fcn32s', received 'vgg19'").
 */
export function registryEnum<T extends { name: string }>(registry: Registry<T>): z.ZodEnum<[string, ...string[]]> {
  const names = registry.names();
  if (names.length === 0) throw new Error('registryEnum: the registry is empty');
  return z.enum(names as [string, ...string[]]);
}
