import { LabelledBatches } from '@l2p/pruning';
import { BackendSelection, EngineSelection, Logger, ProgressSink } from '@l2p/runtime';
import { BaseModel } from './base-model';
import { ExperimentConfig } from '../config/config-schema';
import { ExperimentData } from './data-sources';
import { ConfigurationName } from '../config/configuration-names';

/** What every job of an experiment shares within one process. */
export interface ExperimentContext {
  experiment: string;
  configuration: ConfigurationName;
  config: ExperimentConfig;
  /** runs/ */
  runsRoot: string;
  /** runs/<experiment>/ */
  expDir: string;
  data: ExperimentData;
  base: BaseModel;
  reward: LabelledBatches;
  /** The guard split the budget contract is checked on, or null (the reward split serves). */
  guard: LabelledBatches | null;
  /** A fixed sample of training images (Taylor scores, BN recalibration). */
  trainSample: LabelledBatches;
  backend: BackendSelection;
  /** The inference engine of candidate scoring, test evaluation and latency (training runs on `backend`). */
  engine: EngineSelection;
  progress: ProgressSink;
  logger: Logger;
}
