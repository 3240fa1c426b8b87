import type { CommandModule } from 'yargs';
import { GlobalOptions } from '../../shared-options';

export const infoCommand: CommandModule<GlobalOptions, GlobalOptions & { json: boolean }> = {
  command: 'info',
  describe: 'Print the compute backend and inference engine chosen (and why better ones were skipped), versions, machine and data roots',
  builder: (yargs) => yargs.option('json', { type: 'boolean', default: false, describe: 'Print as JSON' }),
  handler: async (args) => {
    // Loaded on use so `l2p --help` does not pay for every command's imports. require(), not import(): the
    // tsx hook in bin/l2p.js compiles TypeScript for require() only.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { gatherInfo, formatInfo } = require('./info') as typeof import('./info');
    const report = await gatherInfo(args);
    process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatInfo(report));
  },
};
