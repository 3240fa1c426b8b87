import * as path from 'path';
import type { CommandModule } from 'yargs';
import { GlobalOptions } from '../../shared-options';

interface ReportArgs extends GlobalOptions {
  runsDir: string;
  out?: string;
}

export const reportCommand: CommandModule<GlobalOptions, ReportArgs> = {
  command: 'report <runs-dir>',
  describe: "Generate a self-contained HTML report from an experiment's runs (runs/<experiment>)",
  builder: (yargs) =>
    yargs
      .positional('runs-dir', { type: 'string', demandOption: true, describe: 'An experiment directory, e.g. runs/demo' })
      .option('out', { type: 'string', describe: 'Output directory (default reports/<experiment>)' }) as never,
  handler: async (args) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use (see info/command.ts)
    const { generateExperimentReport } = require('./report') as typeof import('./report');
    const out = args.out ?? path.join('reports', path.basename(path.resolve(args.runsDir)));
    process.stdout.write(`report: ${await generateExperimentReport(args.runsDir, out)}\n`);
  },
};
