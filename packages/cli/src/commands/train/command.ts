import type { CommandModule } from 'yargs';
import type { AdhocFlags } from '@l2p/experiments';
import { GlobalOptions } from '../../shared-options';
import { withTrainingOptions } from '../../training-options';

export interface TrainArgs extends GlobalOptions, AdhocFlags {
  out: string;
  resume: boolean;
}

export const trainCommand: CommandModule<GlobalOptions, TrainArgs> = {
  command: 'train',
  describe: 'Train a model of the zoo; checkpoints every epoch (atomic), --resume continues bit-identically',
  builder: (yargs) =>
    withTrainingOptions(yargs)
      .option('out', { type: 'string', default: 'runs/train', describe: 'Output directory (model/, train.json, checkpoints)' })
      .option('resume', { type: 'boolean', default: false, describe: 'Continue from the last epoch checkpoint in --out' }) as never,
  handler: async (args) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use (see info/command.ts)
    const { train } = require('./train') as typeof import('./train');
    await train(args);
  },
};
