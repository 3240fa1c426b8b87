import * as path from 'path';
import type { CommandModule } from 'yargs';
import { GlobalOptions } from '../../shared-options';

interface EvalArgs extends GlobalOptions {
  checkpoint: string;
}

export const evalCommand: CommandModule<GlobalOptions, EvalArgs> = {
  command: 'eval <checkpoint>',
  describe: 'Evaluate a saved model (a directory with model.json, written by train, prune or sweep) on its test split',
  builder: (yargs) => yargs.positional('checkpoint', { type: 'string', demandOption: true, describe: 'e.g. runs/train/model' }) as never,
  handler: async (args) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use (see info/command.ts)
    const { evaluateCheckpoint } = require('./eval') as typeof import('./eval');
    process.stdout.write(`${await evaluateCheckpoint(path.resolve(args.checkpoint), args)}\n`);
  },
};
