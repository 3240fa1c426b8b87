import { loadLabelledBatches } from '@l2p/pruning';
import { BackendPreference, computeSummary, configHash, ConfigError, EnginePreference, Logger, ProgressSink, readJson, selectCompute, writeJsonAtomic } from '@l2p/runtime';
import * as fs from 'fs';
import * as path from 'path';
import { ExperimentConfig, experimentSchema } from '../config/config-schema';
import { upgradeRecordedConfig } from '../config/legacy-keys';
import { ExperimentContext } from './context';
import { openExperimentData } from './data-sources';
import { ConfigurationName } from '../config/configuration-names';
import { loadExperimentConfig } from '../config/load-config';
import { assertNoLiveLocks, ensureBaseModelLocked } from '../jobs/run-locks';

export interface OpenExperimentOptions {
  experiment: string;
  configuration: ConfigurationName;
  runsRoot: string;
  backend: BackendPreference;
  engine: EnginePreference;
  /** onnxruntime intra-op threads (default: the job's cores). */
  threads?: number;
  /** Delete earlier results of this experiment first. */
  fresh?: boolean;
  progress: ProgressSink;
  logger: Logger;
}

/** Where an experiment's runs go: runs/<name> for the paper scale, runs/<name>-<configuration> otherwise. */
export function experimentDirName(experiment: string, configuration: ConfigurationName): string {
  return configuration === 'paper' ? experiment : `${experiment}-${configuration}`;
}

/**
 * The part of the config that earlier results depend on. Budgets, seeds, methods and reference plans only add or
 * drop jobs, so changing them keeps the finished ones.
 */
function resultsKey(config: ExperimentConfig): string {
  const { budgets: _b, seeds: _s, methods: _m, referencePlans: _r, uniformL1: _u, description: _d, ...rest } = config;
  return configHash(rest);
}

/**
 * Whether a directory recorded before config keys were renamed (README: "Renamed and removed config keys") holds
 * results of this same configuration: its recorded config, in today's names, has today's key.
 */
function sameUnderNewNames(recorded: Parameters<typeof upgradeRecordedConfig>[0] | undefined, key: string): boolean {
  const upgraded = recorded ? upgradeRecordedConfig(recorded) : undefined;
  const parsed = upgraded ? experimentSchema.safeParse(upgraded) : undefined;
  return parsed?.success === true && resultsKey(parsed.data) === key;
}

/** An experiment's run directory, checked against the config its results were made with. */
export interface ExperimentDir {
  /** runs/<name>[-<configuration>] */
  name: string;
  expDir: string;
  /** Records the config as the one the directory's results are made with (experiment.json). */
  record(): void;
}

/**
 * Finds the experiment's run directory and refuses one whose results were made with another configuration;
 * `fresh` deletes it first (refused while a live process holds one of its locks). Nothing is written yet.
 */
export function checkExperimentDir(config: ExperimentConfig, configuration: ConfigurationName, runsRoot: string, fresh = false): ExperimentDir {
  const name = experimentDirName(config.name, configuration);
  const expDir = path.resolve(runsRoot, name);
  if (fresh) {
    assertNoLiveLocks(expDir);
    fs.rmSync(expDir, { recursive: true, force: true });
  }
  const keyFile = path.join(expDir, 'experiment.json');
  const key = resultsKey(config);
  if (fs.existsSync(keyFile)) {
    const saved = readJson<{ key: string; config?: Parameters<typeof upgradeRecordedConfig>[0] }>(keyFile);
    if (saved.key !== key && !sameUnderNewNames(saved.config, key)) {
      throw new ConfigError(
        `${expDir} holds results of a different configuration of '${config.name}' (config changed since they were made)`,
        'Re-run with --fresh to discard them, or point --runs-dir elsewhere.',
      );
    }
  }
  return { name, expDir, record: () => writeJsonAtomic(keyFile, { key, experiment: config.name, configuration, config }) };
}

/** Loads the config, checks it against earlier results, selects the backend, opens the data and the base model. */
export async function openExperiment(options: OpenExperimentOptions): Promise<ExperimentContext> {
  const config = loadExperimentConfig(options.experiment, options.configuration);
  const { name, expDir, record } = checkExperimentDir(config, options.configuration, options.runsRoot, options.fresh);
  const { backend, engine } = await selectCompute(options);
  options.logger.info(computeSummary({ backend, engine }));
  const data = await openExperimentData(config, path.resolve(options.runsRoot));
  options.logger.info(`data: ${config.dataset.name}: train ${data.sizes.train}, reward ${data.sizes.reward}${data.sizes.guard ? `, guard ${data.sizes.guard}` : ''}, test ${data.sizes.test}`);
  record();
  const base = await ensureBaseModelLocked(config, data, expDir, options.progress, options.logger);
  const reward = await loadLabelledBatches(data.reward);
  const guard = data.guard ? await loadLabelledBatches(data.guard) : null;
  const trainSample = await loadLabelledBatches(data.trainSample);
  return {
    experiment: name,
    configuration: options.configuration,
    config,
    runsRoot: path.resolve(options.runsRoot),
    expDir,
    data,
    base,
    reward,
    guard,
    trainSample,
    backend,
    engine,
    progress: options.progress,
    logger: options.logger,
  };
}
