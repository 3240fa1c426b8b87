import { ModelDescription, Weights } from '@l2p/models';
import { loadLabelledBatches } from '@l2p/pruning';
import { BackendSelection, EngineSelection, Logger, ProgressSink } from '@l2p/runtime';
import * as path from 'path';
import { ExperimentConfig } from '../config/config-schema';
import { BaseModelInfo, measureBase } from './base-model';
import { ExperimentContext } from './context';
import { ExperimentData } from './data-sources';

/** A network given from outside (a `l2p train` checkpoint, an imported tf.js model) that jobs prune as their base. */
export interface GivenModel {
  description: ModelDescription;
  weights: Weights;
  /** Where it was read from (the context's base.dir). */
  dir: string;
  /** What the base record says about how it came to be: it was not trained by this experiment. */
  facts: Pick<BaseModelInfo, 'key' | 'epochs' | 'trainSeconds'>;
}

export interface ModelContextOptions {
  config: ExperimentConfig;
  /** The run directory the job writes into (`l2p prune --out`): the experiment directory. */
  expDir: string;
  data: ExperimentData;
  model: GivenModel;
  backend: BackendSelection;
  engine: EngineSelection;
  progress: ProgressSink;
  logger: Logger;
}

/**
 * The context of `l2p prune`'s one job: like openExperiment's, but the base is the given network (measured on the
 * test and reward splits here) instead of the experiment's cached, trained one.
 */
export async function modelContext(o: ModelContextOptions): Promise<ExperimentContext> {
  const { description, weights, dir, facts } = o.model;
  return {
    experiment: path.basename(o.expDir),
    configuration: 'paper',
    config: o.config,
    runsRoot: path.dirname(o.expDir),
    expDir: o.expDir,
    data: o.data,
    base: { description, weights, dir, info: await measureBase(description, weights, o.data, o.progress, facts) },
    reward: await loadLabelledBatches(o.data.reward),
    guard: o.data.guard ? await loadLabelledBatches(o.data.guard) : null,
    trainSample: await loadLabelledBatches(o.data.trainSample),
    backend: o.backend,
    engine: o.engine,
    progress: o.progress,
    logger: o.logger,
  };
}
