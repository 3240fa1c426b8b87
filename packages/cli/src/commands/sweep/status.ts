import * as path from 'path';
import { experimentDirName, formatSweepStatus, loadExperimentConfig, parseJobLists, planJobs, slurmCli, sweepStatus } from '@l2p/experiments';
import { SweepStatusArgs } from './command';
import { LIST_FLAGS } from './sweep';

/** `l2p sweep status`: the state of every job of the sweep the same flags would run. */
export function sweepStatusReport(args: SweepStatusArgs): string {
  const selection = parseJobLists({ budgets: args.b, seeds: args.seeds, methods: args.methods }, LIST_FLAGS);
  const config = loadExperimentConfig(args.experiment, args.configuration);
  const expDir = path.resolve(args.runsDir, experimentDirName(config.name, args.configuration));
  const rows = sweepStatus(config, expDir, planJobs(config, selection).flat(), slurmCli);
  return `${expDir}\n${formatSweepStatus(rows)}`;
}
