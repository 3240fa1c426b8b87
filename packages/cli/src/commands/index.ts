import type { CommandModule } from 'yargs';
import { GlobalOptions } from '../shared-options';
import { dataCommand } from './data/command';
import { evalCommand } from './eval/command';
import { exportCommand } from './export/command';
import { infoCommand } from './info/command';
import { jobCommand } from './job/command';
import { modelCommand } from './model/command';
import { pruneCommand } from './prune/command';
import { reportCommand } from './report/command';
import { sweepCommand } from './sweep/command';
import { trainCommand } from './train/command';

// One line per command. Each command's module loads its implementation lazily, so `l2p --help` stays fast.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- yargs' CommandModule is invariant in its args type
export const commands: CommandModule<GlobalOptions, any>[] = [
  infoCommand,
  dataCommand,
  modelCommand,
  trainCommand,
  evalCommand,
  exportCommand,
  pruneCommand,
  sweepCommand,
  jobCommand,
  reportCommand,
];
