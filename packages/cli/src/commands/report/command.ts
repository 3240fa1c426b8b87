import type { CommandModule } from 'yargs';
import { GlobalOptions } from '../../shared-options';

interface ReportArgs extends GlobalOptions {
  runsDir: string;
  out?: string;
}

export const reportCommand: CommandModule<GlobalOptions, ReportArgs> = {
  command: 'report <runs-dir>',
  describe: 'Generate self-contained HTML reports: runs/<experiment> → reports/<experiment>/index.html; runs/ → every experiment + index',
  builder: (yargs) =>
    yargs
      .positional('runs-dir', { type: 'string', demandOption: true, describe: 'runs/<experiment>, or runs/ for every experiment' })
      .option('out', { type: 'string', describe: 'Output directory (default reports/<experiment>, or reports/ for all)' }) as never,
  handler: async (args) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use (see info/command.ts)
    const { reportCommandImpl } = require('@l2p/report') as typeof import('@l2p/report');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createProgress } = require('@l2p/runtime') as typeof import('@l2p/runtime');
    const result = await reportCommandImpl({ runsDir: args.runsDir, out: args.out, progress: createProgress() });
    for (const r of result.reports) process.stdout.write(`report: ${r.indexHtml}\n`);
    process.stdout.write(`index: ${result.index}\n`);
  },
};
