import { defineRegistry } from '@l2p/runtime';
import type { SweepExecutor } from './executor';
import { localExecutor } from './local-executor';
import { slurmExecutor } from './slurm/slurm-executor';

// To add an executor: a file exporting a SweepExecutor, and one line here (`--executor` choices read this list).
export const EXECUTORS = defineRegistry<SweepExecutor>('executor', [localExecutor, slurmExecutor]);
