import * as path from 'path';
import { experimentDirName, formatSweepStatus, loadExperimentConfig, planJobs, slurmCli, sweepStatus } from '@l2p/experiments';
import { SweepStatusArgs } from './command';
import { jobSelectionOf } from '../../job-options';

/** `l2p sweep status`: the state of every job of the sweep the same flags would run. */
export function sweepStatusReport(args: SweepStatusArgs): string {
  const selection = jobSelectionOf(args);
  const config = loadExperimentConfig(args.experiment, args.configuration);
  const expDir = path.resolve(args.runsDir, experimentDirName(config.name, args.configuration));
  const rows = sweepStatus(config, expDir, planJobs(config, selection).flat(), slurmCli);
  return `${expDir}\n${formatSweepStatus(rows)}`;
}
