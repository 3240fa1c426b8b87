import * as path from 'path';
import { workspaceRoot } from '@l2p/runtime';
import type { CommandModule } from 'yargs';
import { GlobalOptions } from '../../shared-options';

interface InspectArgs extends GlobalOptions {
  root: string;
  layout?: string;
  json: boolean;
}

/**
 * `l2p data inspect`, built from the data registry's layouts (their names for --layout, their titles and default
 * roots for the help), when `l2p data` runs: the registry is not loaded for `l2p --help`.
 */
export function inspectCommand(): CommandModule<GlobalOptions, InspectArgs> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use (see info/command.ts)
  const { defaultDatasetDir, layoutEntries } = require('@l2p/data') as typeof import('@l2p/data');
  const layouts = layoutEntries();
  // A downloaded set's root is where its fetch target extracts it (datasets/<name>); a bundled one's, its directory.
  const examples = layouts.flatMap((e) => {
    const root = e.fetch ? defaultDatasetDir(e.name) : e.defaultRoot?.().path;
    return root ? [path.relative(workspaceRoot(), root)] : [];
  });
  return {
    command: 'inspect <root>',
    describe: `Check a data root (${layouts.map((e) => e.layout.title).join(', ')}): counts per split and class, image size, checksums`,
    builder: (yargs) =>
      yargs
        .positional('root', { type: 'string', demandOption: true, describe: `e.g. ${examples.join(', ')}` })
        .option('layout', { choices: layouts.map((e) => e.name), describe: 'Layout to expect (default: detected)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print as JSON' }) as never,
    handler: async (args) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use (see info/command.ts)
      const { inspectDataRoot, formatInspection } = require('@l2p/data') as typeof import('@l2p/data');
      const summary = await inspectDataRoot(args.root, args.layout);
      process.stdout.write(args.json ? `${JSON.stringify(summary, null, 2)}\n` : formatInspection(summary));
    },
  };
}

export const dataCommand: CommandModule<GlobalOptions, GlobalOptions> = {
  command: 'data <command>',
  describe: 'Data sets: `l2p data inspect <root>`',
  builder: (yargs) => yargs.command(inspectCommand()).demandCommand(1),
  handler: () => undefined,
};
