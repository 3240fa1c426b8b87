import { RenamedColumns, RowOf } from './arrow-table';

/**
 * The result tables of a pruning run (Arrow IPC files in the run directory). The report package reads these and
 * nothing else, so a column's meaning is documented here once. Accuracies are in points (percent, or mean-IU
 * points for segmentation); `metric` says which.
 */

/** `layers.arrow`: one row per pruned layer, in pruning order. */
export const LAYER_ROWS = {
  run_id: 'utf8',
  method: 'utf8', // 'agent' | 'random' | 'l1' | 'taylor' | 'li-pruned-a' | …
  b: 'float64', // the budget the run was made for (null for fixed-plan references)
  seed: 'int32',
  layer_index: 'int32', // 0-based position in the pruning order
  layer: 'utf8',
  filters_before: 'int32',
  filters_after: 'int32',
  kept_indices: 'list-int32', // indices (into the layer as it was before this step) of the filters kept
  p_before: 'float64', // reward-split metric before this layer was pruned
  p_reference: 'float64', // the p the layer's candidates were judged against (the base's, or p_before; see budget-options)
  p_hat_decision: 'float64', // reward-split metric with the decided mask, before fine-tuning
  p_after_finetune: 'float64', // reward-split metric after fine-tuning
  params_after: 'float64',
  macs_after: 'float64',
  agent_updates: 'int32', // null for baselines
  stop_reason: 'utf8', // 'converged' | 'stable' | 'max-updates' (agent), null otherwise
  decision_source: 'utf8', // 'threshold' | 'best-sample' | 'keep-all' (agent), 'count' for baselines
  guard_restored: 'int32', // filters the budget guard gave back after fine-tuning broke b (null when unguarded)
  fine_tunes: 'int32', // fine-tuning passes this layer took (more than 1 when the guard backed off)
  wall_ms: 'float64',
} as const;
export type LayerRow = RowOf<typeof LAYER_ROWS>;

/** `updates.arrow`: the agent's training curve, one row per REINFORCE update. */
export const UPDATE_ROWS = {
  run_id: 'utf8',
  b: 'float64',
  seed: 'int32',
  layer: 'utf8',
  update: 'int32',
  mean_reward: 'float64',
  std_reward: 'float64',
  mean_p_hat: 'float64',
  mean_keep_probability: 'float64',
  kept_thresholded: 'int32',
  evaluated: 'int32', // masks evaluated for real (the rest came from the cache)
  wall_ms: 'float64',
} as const;
export type UpdateRow = RowOf<typeof UPDATE_ROWS>;

/** `summary.arrow`: one row per (method, b, seed) run; the sweep merges these into runs/<experiment>/summary.arrow. */
export const SUMMARY_ROWS = {
  experiment: 'utf8',
  run_id: 'utf8',
  method: 'utf8',
  b: 'float64',
  seed: 'int32',
  model: 'utf8', // architecture name, e.g. 'vgg16'
  width: 'float64',
  dataset: 'utf8',
  metric: 'utf8', // 'accuracy' | 'mean-iu'
  backend: 'utf8',
  filters_before: 'int32',
  filters_after: 'int32',
  filters_pruned_pct: 'float64',
  params_before: 'float64',
  params_after: 'float64',
  params_pruned_pct: 'float64',
  macs_before: 'float64',
  macs_after: 'float64',
  macs_pruned_pct: 'float64',
  test_before: 'float64', // test-set metric of the base model
  test_at_decision: 'float64', // test-set metric after all layers were cut, before the last fine-tuning (null if not measured)
  test_after: 'float64', // test-set metric of the final pruned, fine-tuned model
  drop: 'float64', // test_before − test_after
  // The contract split: the guard split (dataset.guardSize) when the experiment has one, else the reward split.
  contract_before: 'float64', // base model's metric on the contract split (older files: heldout_before)
  contract_after: 'float64', // the final model's on the same split: the budget contract is contract_before − contract_after ≤ b (older files: heldout_after)
  contract_drop: 'float64', // contract_before − contract_after (older files: heldout_drop)
  final_fine_tune: 'utf8', // 'accepted' | 'rejected' (it would have broken b) | 'none'
  reward_split_size: 'int32',
  wall_ms: 'float64',
  status: 'utf8', // 'done' | 'partial'
} as const;
export type SummaryRow = RowOf<typeof SUMMARY_ROWS>;

/**
 * summary.arrow columns renamed after files were written (new name → old name): the drop b is a contract on had three names
 * (`heldout_*` here, `contract*` in code, "held-out drop" in the report). A file with the old names reads under the new ones.
 */
export const SUMMARY_RENAMED_COLUMNS: RenamedColumns<typeof SUMMARY_ROWS> = {
  contract_before: 'heldout_before',
  contract_after: 'heldout_after',
  contract_drop: 'heldout_drop',
};

/** `uniform.arrow`: the uniform-ratio L1 sweep (same ratio in every prunable layer). */
export const UNIFORM_ROWS = {
  run_id: 'utf8',
  ratio: 'float64', // fraction of filters removed per layer
  params_after: 'float64',
  macs_after: 'float64',
  test_at_decision: 'float64', // before fine-tuning
  test_after: 'float64', // after fine-tuning
} as const;
export type UniformRow = RowOf<typeof UNIFORM_ROWS>;

/** `classes.arrow` (segmentation): per-class IU of the base and pruned networks on the test split. */
export const CLASS_ROWS = {
  run_id: 'utf8',
  method: 'utf8',
  b: 'float64',
  seed: 'int32',
  stage: 'utf8', // 'before' | 'after'
  class_index: 'int32',
  class_name: 'utf8',
  iu: 'float64', // points; null when the class never occurs in prediction or ground truth
} as const;
export type ClassRow = RowOf<typeof CLASS_ROWS>;

/**
 * `deploy.arrow`: what a pruned model costs to ship and run. One row per stage and inference engine; the file
 * sizes repeat on each engine's row.
 */
export const DEPLOY_ROWS = {
  run_id: 'utf8',
  method: 'utf8',
  b: 'float64',
  seed: 'int32',
  stage: 'utf8', // 'before' | 'after'
  engine: 'utf8', // 'tfjs' (tf.LayersModel on the run's backend) | 'onnxruntime' (model.onnx); added in v2
  model_json_bytes: 'int32',
  weights_bytes: 'float64',
  gzip_bytes: 'float64',
  onnx_bytes: 'float64', // model.onnx; added in v2 (null in older files)
  latency_ms: 'float64', // per batch of `latency_batch` images, median of repeats, on `engine`
  latency_batch: 'int32',
} as const;
export type DeployRow = RowOf<typeof DEPLOY_ROWS>;

/** Columns added to deploy.arrow after the first files were written, with the value older rows stand for. */
export const DEPLOY_ADDED_COLUMNS: Partial<DeployRow> = {
  engine: 'tfjs', // before v2 latency was measured only with tf.LayersModel
  onnx_bytes: null,
};

/** `first-layer.arrow`: the base model's first conv filters, for the kept-filters figure. */
export const FIRST_LAYER_ROWS = {
  layer: 'utf8',
  filter: 'int32',
  kernel: 'int32', // kernel size k (filters are k×k×in)
  in_channels: 'int32',
  values: 'list-float32', // k·k·in values in [kh][kw][in] order
} as const;
export type FirstLayerRow = RowOf<typeof FIRST_LAYER_ROWS>;

export const RESULT_FILES = {
  layers: { file: 'layers.arrow', spec: LAYER_ROWS },
  updates: { file: 'updates.arrow', spec: UPDATE_ROWS },
  summary: { file: 'summary.arrow', spec: SUMMARY_ROWS, renamed: SUMMARY_RENAMED_COLUMNS },
  uniform: { file: 'uniform.arrow', spec: UNIFORM_ROWS },
  classes: { file: 'classes.arrow', spec: CLASS_ROWS },
  deploy: { file: 'deploy.arrow', spec: DEPLOY_ROWS, added: DEPLOY_ADDED_COLUMNS },
  firstLayer: { file: 'first-layer.arrow', spec: FIRST_LAYER_ROWS },
} as const;
