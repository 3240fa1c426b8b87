import type { CommandModule } from 'yargs';
import { PruneJobArgs, withPruneJob } from '../../job-options';
import { GlobalOptions } from '../../shared-options';

export interface PruneArgs extends GlobalOptions, PruneJobArgs {
  checkpoint?: string;
  /** A user's tf.js layers model (model.json + shards): imported and pruned through channel groups. */
  model?: string;
  data?: string;
  inputScale: string;
  rewardSize: number;
  trainImages?: number;
  testImages?: number;
  finalEpochs: number;
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
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the data registry's names, loaded with the rest
    const { userDataChoices } = require('./user-data') as typeof import('./user-data');
    const before = yargs
      .option('checkpoint', { type: 'string', describe: 'Directory written by `l2p train --out` (or its model/); its train.json names the data' })
      .option('model', { type: 'string', describe: 'Your tf.js layers model (path/to/model.json + shards), Sequential or Functional: pruned through channel groups (residual adds, concatenations, depthwise convs)' })
      .option('data', { type: 'string', describe: `With --model: ${userDataChoices()} (PNG/JPEG; train/ + test/ or a seeded 20% test split); resized to the model's input` })
      .option('input-scale', { type: 'string', default: '0-1', describe: 'With --model: the pixel scaling the model was trained with: 0-1, -1-1 or imagenet (mean/std)' })
      .option('reward-size', { type: 'number', default: 1000, describe: 'With --model: training images held out as the agent\'s reward split (the test split is never used inside the loop)' })
      .option('train-images', { type: 'number', describe: 'With --model: use only this many training images (after the reward split)' })
      .option('test-images', { type: 'number', describe: 'With --model: evaluate on only this many test images' })
      .option('final-epochs', { type: 'number', default: 1, describe: 'With --model: fine-tuning epochs of the whole network after the last group (0 = none)' });
    // --b, --method, --seed: the job, parsed by pruneJobOf (job-options.ts) as a sweep's lists are.
    return withPruneJob(before)
      .option('layers', { type: 'string', describe: 'Comma-separated units to prune, in order (default: all, input side first); with --model, channel group names (printed at the start of a run)' })
      .option('out', { type: 'string', default: 'runs/prune', describe: 'Where run directories go (<out>/<method>-b<b>-s<seed>); with --model also the pruned model.json, model.onnx, Arrow tables and report/' })
      .option('resume', { type: 'string', describe: 'A killed run directory to continue (its checkpoint is reused); with --model a flag: continue the run in --out' })
      .option('max-updates', { type: 'number', describe: 'Agent: most REINFORCE updates per layer (default 200)' })
      .option('samples', { type: 'number', describe: 'Agent: masks sampled per update (default 8)' })
      .option('agent-lr', { type: 'number', describe: 'Agent: Adam learning rate (default 0.03)' })
      .option('fine-tune-epochs', { type: 'number', default: 1, describe: 'Fine-tuning passes after each layer (or group) is cut (0 = none)' })
      .option('fine-tune-lr', { type: 'number', default: 0.01, describe: 'SGD learning rate of every fine-tuning pass (per layer and final)' })
      .option('fine-tune-images', { type: 'number', describe: 'Images per fine-tuning pass (default: the whole training split)' })
      .check((a) => {
        if (!a.checkpoint && !a.model && !a.resume) throw new Error('give --checkpoint (a trained model), --model (your tf.js model.json) or --resume (a killed run)');
        if (a.model && a.checkpoint) throw new Error('give --model or --checkpoint, not both');
        return true;
      }) as never;
  },
  handler: async (args) => {
    if (args.model) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use
      const { pruneModel } = require('./prune-model') as typeof import('./prune-model');
      await pruneModel(args);
      return;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use (see info/command.ts)
    const { prune } = require('./prune') as typeof import('./prune');
    await prune(args);
  },
};
