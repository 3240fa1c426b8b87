// The experiment engine: experiment configs, the job graph of a sweep, running one job, summaries and reports,
// and the executors that run a sweep's jobs (local worker processes, or a Slurm cluster).
export * from './config/config-schema';
export * from './config/configuration-names';
export * from './config/adhoc-config';
export * from './config/load-config';
export * from './config/job-lists';
export * from './jobs/jobs';
export * from './jobs/job-queue';
export * from './jobs/run-locks';
export * from './run/context';
export * from './run/data-sources';
export * from './run/open-experiment';
export * from './run/base-model';
export * from './run/run-job';
export * from './run/metrics';
export * from './run/recipe';
export * from './run/deployment';
export * from './run/segmentation-examples';
export * from './summary/summary-table';
export * from './sweep/sweep';
