import { RewardData } from '@l2p/pruning';
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
  reward: RewardData;
  /** The guard split the budget contract is checked on, or null (the reward split serves). */
  guard: RewardData | null;
  /** A fixed sample of training images (Taylor scores, BN recalibration). */
  trainSample: RewardData;
  backend: BackendSelection;
  /** The inference engine of candidate scoring, test evaluation and latency (training runs on `backend`). */
  engine: EngineSelection;
  progress: ProgressSink;
  logger: Logger;
}
