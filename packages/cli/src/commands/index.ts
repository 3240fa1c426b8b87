import type { CommandModule } from 'yargs';
import { GlobalOptions } from '../shared-options';
import { infoCommand } from './info/command';

// One line per command. Each command's module loads its implementation lazily, so `l2p --help` stays fast.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- yargs' CommandModule is invariant in its args type
export const commands: CommandModule<GlobalOptions, any>[] = [infoCommand];
