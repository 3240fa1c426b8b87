import type { EngineName } from '@l2p/runtime';
import type { CandidateEvaluator, CandidateEvaluatorOptions, EvaluatorOptions } from './evaluator-options';
import { onnxEvaluator } from './onnx-evaluator';
import { tfjsEvaluator } from './tfjs-evaluator';

export * from './evaluator-options';

/**
 * The cached candidate evaluator, per engine. Nothing before `layer` changes while its agent trains, so the
 * activations leaving it are computed once per reward (and calibration) image and kept; a candidate is those
 * activations times its channel mask, run through the rest of the network only, and K candidates share one
 * batched pass. Engines with a native-session setup (onnxruntime) build it on the first `evaluate`.
 */
export const evaluatorsByEngine: Record<EngineName, (options: EvaluatorOptions) => CandidateEvaluator> = {
  tfjs: tfjsEvaluator,
  onnxruntime: onnxEvaluator,
};

export function createCandidateEvaluator(options: CandidateEvaluatorOptions): CandidateEvaluator {
  return evaluatorsByEngine[options.engine](options);
}

/** The tfjs cached evaluator (`createCandidateEvaluator` with engine 'tfjs'). */
export const cachedEvaluator = tfjsEvaluator;

export { naiveEvaluator } from './naive-evaluator';
