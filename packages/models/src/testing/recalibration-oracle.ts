import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../build/builder';
import type { ModelDescription } from '../description/types';
import { cutAt } from '../inference/cut';
import { removeFilters } from '../surgery/remove-filters';
import { type Weights, weightName } from '../weights/types';

/**
 * An independent oracle for adaptive BN: removes the filters of `layer` not in `keep` for real, then, for every
 * BN after the cut in network order, runs the rebuilt tf.LayersModel over all calibration images in one batch,
 * takes the mean and biased variance of that BN's input over every axis but the channels, and stores them as
 * its moving statistics (so the next BN sees this one recalibrated). Returns the pruned, recalibrated network
 * (owned by the caller).
 */
export function recalibratedOracle(
  description: ModelDescription,
  weights: Weights,
  layer: string,
  keep: number[],
  calibration: tf.Tensor4D,
): { description: ModelDescription; weights: Weights } {
  const pruned = removeFilters(description, weights, layer, keep);
  const norms = cutAt(pruned.description, layer).norms;
  for (const bn of norms) {
    const node = pruned.description.nodes.find((n) => n.name === bn);
    if (node?.kind !== 'bn') throw new Error(`no BN '${bn}'`);
    const model = buildModel(pruned.description, pruned.weights);
    const probe = tf.model({ inputs: model.inputs, outputs: model.getLayer(node.inputs[0]).output as tf.SymbolicTensor });
    const x = probe.predict(calibration) as tf.Tensor;
    const { mean, variance } = tf.moments(x, x.shape.slice(0, -1).map((_, i) => i));
    x.dispose();
    model.dispose();
    for (const [param, value] of [['moving_mean', mean], ['moving_variance', variance]] as const) {
      pruned.weights[weightName(bn, param)].dispose();
      pruned.weights[weightName(bn, param)] = value;
    }
  }
  return pruned;
}
