import type { CommandModule } from 'yargs';
import { GlobalOptions } from '../../shared-options';

export interface PruneArgs extends GlobalOptions {
  checkpoint?: string;
  /** Validated by the experiments' list schema (@l2p/experiments job-lists.ts) in prune(). */
  b: string;
  method: string;
  seed: string;
  layers?: string;
  out: string;
  resume?: string;
  maxUpdates?: number;
  samples?: number;
  agentLr?: number;
  fineTuneEpochs: number;
  fineTuneLr: number;
  fineTuneImages?: number;
}

export const pruneCommand: CommandModule<GlobalOptions, PruneArgs> = {
  command: 'prune',
  describe: 'Prune a trained model layer by layer (agent, or a baseline at the agent\'s counts), fine-tuning after each layer',
  builder: (yargs) => {
    // The registry is loaded only when `l2p prune` runs, so `l2p --help` stays fast.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { methodNames } = require('@l2p/experiments') as typeof import('@l2p/experiments');
    return yargs
      .option('checkpoint', { type: 'string', describe: 'Directory written by `l2p train --out` (or its model/); its train.json names the data' })
      .option('b', { type: 'string', default: '1', describe: 'Largest acceptable drop, in accuracy (or mean-IU) points' })
      .option('method', { choices: methodNames(), default: 'agent', describe: 'Baselines prune as many filters per layer as the agent run with the same b and seed in --out' })
      .option('seed', { type: 'string', default: '0', describe: 'Seed of the agent / the random baseline (a whole number ≥ 0)' })
      .option('layers', { type: 'string', describe: 'Comma-separated layers to prune, in order (default: all prunable, input side first)' })
      .option('out', { type: 'string', default: 'runs/prune', describe: 'Where run directories go (<out>/<method>-b<b>-s<seed>)' })
      .option('resume', { type: 'string', describe: 'A killed run directory to continue (its checkpoint is reused)' })
      .option('max-updates', { type: 'number', describe: 'Agent: most REINFORCE updates per layer (default 200)' })
      .option('samples', { type: 'number', describe: 'Agent: masks sampled per update (default 8)' })
      .option('agent-lr', { type: 'number', describe: 'Agent: Adam learning rate (default 0.03)' })
      .option('fine-tune-epochs', { type: 'number', default: 1 })
      .option('fine-tune-lr', { type: 'number', default: 0.01 })
      .option('fine-tune-images', { type: 'number', describe: 'Images per fine-tuning pass (default: the whole training split)' })
      .check((a) => {
        if (!a.checkpoint && !a.resume) throw new Error('give --checkpoint (a trained model) or --resume (a killed run)');
        return true;
      }) as never;
  },
  handler: async (args) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use (see info/command.ts)
    const { prune } = require('./prune') as typeof import('./prune');
    await prune(args);
  },
};
