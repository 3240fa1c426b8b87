import type { CommandModule } from 'yargs';
import { GlobalOptions } from '../shared-options';
import { infoCommand } from './info/command';
import { jobCommand } from './job/command';
import { reportCommand } from './report/command';
import { sweepCommand } from './sweep/command';

// One line per command. Each command's module loads its implementation lazily, so `l2p --help` stays fast.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- yargs' CommandModule is invariant in its args type
export const commands: CommandModule<GlobalOptions, any>[] = [infoCommand, sweepCommand, jobCommand, reportCommand];
