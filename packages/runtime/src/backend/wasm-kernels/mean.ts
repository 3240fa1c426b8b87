/** Mean for wasm: reductions over leading/middle axes (batch-norm moments) as one average pool; see block-reduction. */
import * as tf from '@tensorflow/tfjs';
import { type OverrideConfig } from './compose';
import { reductionOverride } from './reduction-kernel';

export function meanConfig(builtin: tf.KernelConfig | undefined): OverrideConfig {
  return reductionOverride(tf.Mean as 'Mean', builtin, (_s, mean) => mean);
}
