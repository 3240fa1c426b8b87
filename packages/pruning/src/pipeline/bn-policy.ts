import * as tf from '@tensorflow/tfjs';
import { batchNormsAfter, type ModelDescription, recalibrateBatchNorm, type Weights } from '@l2p/models';
import type { LabelledBatches } from '../evaluate/labelled-batches';
import { resolveScoringOptions, type ScoringOptionsInput } from '../evaluate/scoring-options';
import { ConfigError } from '@l2p/runtime';

/**
 * What a run does with BN statistics (ScoringOptions): candidates scored with the BNs after the cut re-estimated on
 * the train sample ('recalibrate'), the accepted cut prepared the same way, and every BN re-estimated after each
 * fine-tuning. Holds the train sample as one batch (statistics over all of it at once); call `dispose()`.
 */
export class BatchNormPolicy {
  readonly recalibrateCuts: boolean;
  private readonly settleAfterFineTune: boolean;
  private readonly sample: tf.Tensor4D | null;

  constructor(scoring: ScoringOptionsInput | undefined, trainSample: LabelledBatches | undefined) {
    const options = resolveScoringOptions(scoring);
    if (options.batchNorm === 'recalibrate' && !trainSample) {
      throw new ConfigError("scoring.batchNorm 'recalibrate' needs training images (PruneRunOptions.trainSample)");
    }
    this.recalibrateCuts = options.batchNorm === 'recalibrate';
    // A short fine-tuning leaves running averages of weights that kept moving: re-estimated whenever there are images.
    this.settleAfterFineTune = options.afterFineTune && trainSample !== undefined;
    this.sample = (this.recalibrateCuts || this.settleAfterFineTune) && trainSample ? (tf.concat(trainSample.batches.map((b) => b.x)) as tf.Tensor4D) : null;
  }

  /** The calibration images a candidate evaluator re-estimates BN statistics on (none when scoring on the moving ones). */
  calibration(): { batches: tf.Tensor4D[] } | undefined {
    return this.sample && this.recalibrateCuts ? { batches: [this.sample] } : undefined;
  }

  /** The cut network as the agent judged it: BN layers after `unit`'s cut re-estimated on the train sample. Takes `cut.weights`. */
  prepareCut(cut: { description: ModelDescription; weights: Weights }, unit: string): Weights {
    if (!this.sample || !this.recalibrateCuts) return cut.weights;
    const only = batchNormsAfter(cut.description, unit);
    return replaced(cut.weights, recalibrateBatchNorm(cut.description, cut.weights, this.sample, { only }));
  }

  /** A fine-tuned network with every BN re-estimated on the train sample (when the run settles them). Takes `tuned`. */
  settle(description: ModelDescription, tuned: Weights): Weights {
    if (!this.sample || !this.settleAfterFineTune) return tuned;
    return replaced(tuned, recalibrateBatchNorm(description, tuned, this.sample));
  }

  dispose(): void {
    this.sample?.dispose();
  }
}

/** `next`, with the tensors of `previous` it no longer references disposed. */
function replaced(previous: Weights, next: Weights): Weights {
  for (const [name, t] of Object.entries(previous)) if (next[name] !== t) t.dispose();
  return next;
}
