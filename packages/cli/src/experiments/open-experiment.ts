import { loadRewardData } from '@l2p/pruning';
import { BackendPreference, configHash, ConfigError, EnginePreference, Logger, ProgressSink, readJson, writeJsonAtomic } from '@l2p/runtime';
import { computeSummary, selectCompute } from '../shared-options';
import * as fs from 'fs';
import * as path from 'path';
import { ExperimentConfig } from './config-schema';
import { ExperimentContext } from './context';
import { openExperimentData } from './data-sources';
import { ConfigurationName, loadExperimentConfig } from './load-config';
import { assertNoLiveLocks, ensureBaseModelLocked } from './run-locks';

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
 * The part of the config that earlier results depend on. Budgets, seeds, methods and references only add or
 * drop jobs, so changing them keeps the finished ones.
 */
function resultsKey(config: ExperimentConfig): string {
  const { budgets: _b, seeds: _s, methods: _m, references: _r, uniformL1: _u, description: _d, ...rest } = config;
  return configHash(rest);
}

/** Loads the config, checks it against earlier results, selects the backend, opens the data and the base model. */
export async function openExperiment(options: OpenExperimentOptions): Promise<ExperimentContext> {
  const config = loadExperimentConfig(options.experiment, options.configuration);
  const name = experimentDirName(config.name, options.configuration);
  const expDir = path.resolve(options.runsRoot, name);
  if (options.fresh) {
    assertNoLiveLocks(expDir);
    fs.rmSync(expDir, { recursive: true, force: true });
  }
  const keyFile = path.join(expDir, 'experiment.json');
  const key = resultsKey(config);
  if (fs.existsSync(keyFile)) {
    const saved = readJson<{ key: string }>(keyFile);
    if (saved.key !== key) {
      throw new ConfigError(
        `${expDir} holds results of a different configuration of '${config.name}' (config changed since they were made)`,
        'Re-run with --fresh to discard them, or point --runs-dir elsewhere.',
      );
    }
  }
  const { backend, engine } = await selectCompute(options);
  options.logger.info(computeSummary({ backend, engine }));
  const data = await openExperimentData(config, path.resolve(options.runsRoot));
  options.logger.info(`data: ${config.dataset.name}: train ${data.sizes.train}, reward ${data.sizes.reward}, test ${data.sizes.test}`);
  writeJsonAtomic(keyFile, { key, experiment: config.name, configuration: options.configuration, config });
  const base = await ensureBaseModelLocked(config, data, expDir, options.progress, options.logger);
  const reward = await loadRewardData(data.reward);
  const trainSample = await loadRewardData(data.trainSample);
  return {
    experiment: name,
    configuration: options.configuration,
    config,
    runsRoot: path.resolve(options.runsRoot),
    expDir,
    data,
    base,
    reward,
    trainSample,
    backend,
    engine,
    progress: options.progress,
    logger: options.logger,
  };
}
