import type { CommandModule } from 'yargs';
import { GlobalOptions } from '../../shared-options';

interface ModelSummaryArgs extends GlobalOptions {
  architecture: string;
  width: number;
  classes?: number;
  input?: string;
}

const summaryCommand: CommandModule<GlobalOptions, ModelSummaryArgs> = {
  command: 'summary <architecture>',
  describe: 'Print layers, parameters and multiply-accumulates (with the formula) of an architecture of the model zoo',
  builder: (yargs) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the registry, loaded on use (see info/command.ts)
    const { architectures } = require('@l2p/models') as typeof import('@l2p/models');
    return yargs
      .positional('architecture', { type: 'string', demandOption: true, choices: architectures.names() })
      .option('width', { type: 'number', default: 1, describe: 'Width multiplier (channels · width, rounded, at least 1)' })
      .option('classes', { type: 'number', describe: "Number of classes (default: the architecture's)" })
      .option('input', { type: 'string', describe: 'Input H,W,C (default 32,32,3; FCN 512,512,3)' }) as never;
  },
  handler: (args) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use (see info/command.ts)
    const { summarizeModel, formatSummary } = require('@l2p/models') as typeof import('@l2p/models');
    const inputShape = args.input ? (args.input.split(',').map(Number) as [number, number, number]) : undefined;
    process.stdout.write(formatSummary(summarizeModel(args.architecture, { width: args.width, numClasses: args.classes, inputShape })));
  },
};

export const modelCommand: CommandModule<GlobalOptions, GlobalOptions> = {
  command: 'model <command>',
  describe: 'Model zoo: `l2p model summary vgg16 --width 0.25`',
  builder: (yargs) => yargs.command(summaryCommand).demandCommand(1),
  handler: () => undefined,
};
