import * as fs from 'fs';
import * as path from 'path';
import { countModel, formatEvaluation, loadModel } from '@l2p/models';
import { evaluatePoints, ExperimentConfig, openExperimentData } from '@l2p/experiments';
import { ConfigError, createProgress, readJson, selectCompute } from '@l2p/runtime';
import { GlobalOptions } from '../../shared-options';
import { DEFAULT_RUNS_DIR } from '../../experiment-options';

/** Finds the config that says which data a model was trained on: train.json or an experiment's experiment.json. */
function findConfig(checkpoint: string): ExperimentConfig {
  for (let dir = checkpoint; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const train = path.join(dir, 'train.json');
    if (fs.existsSync(train)) return readJson<{ config: ExperimentConfig }>(train).config;
    const experiment = path.join(dir, 'experiment.json');
    if (fs.existsSync(experiment)) return readJson<{ config: ExperimentConfig }>(experiment).config;
  }
  throw new ConfigError(`${checkpoint}: no train.json or experiment.json above it says which data set it belongs to`);
}

export async function evaluateCheckpoint(checkpoint: string, compute: Pick<GlobalOptions, 'backend' | 'engine' | 'threads'>): Promise<string> {
  if (!fs.existsSync(checkpoint)) throw new ConfigError(`<checkpoint> ${checkpoint} does not exist (give a saved model's directory, e.g. runs/train/model)`);
  if (!fs.existsSync(path.join(checkpoint, 'model.json'))) {
    throw new ConfigError(`<checkpoint> ${checkpoint} holds no model.json (give a saved model's directory, e.g. runs/train/model)`);
  }
  const { engine } = await selectCompute(compute);
  const config = findConfig(checkpoint);
  const { description, weights } = await loadModel(checkpoint);
  const data = await openExperimentData(config, path.resolve(DEFAULT_RUNS_DIR));
  const result = await evaluatePoints(description, weights, data.test, createProgress(), 'test');
  const count = countModel(description);
  return `${description.variant} (engine ${engine.name})\n${count.params.toLocaleString('en-US')} params, ${(count.macs / 1e6).toFixed(2)} M MACs/image; pruning plan: ${description.plan.length} steps\n${config.dataset.name} test: ${formatEvaluation(result.result)}`;
}
