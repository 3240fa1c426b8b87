import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readArrowFile, RowOf, writeArrowFile } from './arrow-table';
import { DEPLOY_ADDED_COLUMNS, DEPLOY_ROWS, LAYER_ROWS, LayerRow, RESULT_FILES, SUMMARY_ROWS, UPDATE_ROWS } from './schema';

describe('Arrow result tables', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-arrow-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const row: LayerRow = {
    run_id: 'r1',
    method: 'agent',
    b: 1,
    seed: 0,
    layer_index: 0,
    layer: 'conv1_1',
    filters_before: 16,
    filters_after: 11,
    kept_indices: [0, 1, 2, 4, 5, 7, 8, 9, 11, 12, 15],
    p_before: 98.2,
    p_reference: 98.5,
    p_hat_decision: 97.6,
    p_after_finetune: 98.4,
    params_after: 12345,
    macs_after: 6.5e6,
    agent_updates: 42,
    stop_reason: 'converged',
    guard_restored: 0,
    fine_tunes: 1,
    decision_source: 'threshold',
    wall_ms: 1234.5,
  };

  it('round-trips rows with lists and nulls', () => {
    const file = path.join(dir, 'layers.arrow');
    const second: LayerRow = { ...row, layer_index: 1, layer: 'conv1_2', agent_updates: null, stop_reason: null, kept_indices: [3] };
    writeArrowFile(file, LAYER_ROWS, [row, second]);
    expect(readArrowFile(file, LAYER_ROWS)).toEqual([row, second]);
    expect(fs.readFileSync(file).subarray(0, 6).toString()).toBe('ARROW1'); // IPC file format magic
  });

  it('names the file on a schema mismatch or a corrupt file', () => {
    const file = path.join(dir, 'layers.arrow');
    writeArrowFile(file, LAYER_ROWS, [row]);
    expect(() => readArrowFile(file, UPDATE_ROWS)).toThrow(/layers\.arrow: schema mismatch: column 'update' \(Int32\) is missing/);
    const corrupt = path.join(dir, 'corrupt.arrow');
    fs.writeFileSync(corrupt, 'not arrow at all');
    expect(() => readArrowFile(corrupt, LAYER_ROWS)).toThrow(/corrupt\.arrow: not a readable Arrow IPC file/);
  });

  it('reads a deploy.arrow written before the engine and onnx_bytes columns existed, and still refuses other gaps', () => {
    const file = path.join(dir, 'deploy-v1.arrow');
    const { engine: _e, onnx_bytes: _o, ...v1Spec } = DEPLOY_ROWS;
    const v1 = { run_id: 'agent-b1-s0', method: 'agent', b: 1, seed: 0, stage: 'after', model_json_bytes: 9000, weights_bytes: 4e5, gzip_bytes: 3.7e5, latency_ms: 12.5, latency_batch: 32 };
    writeArrowFile(file, v1Spec, [v1]);
    expect(readArrowFile(file, DEPLOY_ROWS, { added: DEPLOY_ADDED_COLUMNS })).toEqual([{ ...v1, engine: 'tfjs', onnx_bytes: null }]);
    expect(() => readArrowFile(file, DEPLOY_ROWS)).toThrow(/deploy-v1\.arrow: schema mismatch: column 'engine' \(Utf8\) is missing/);
  });

  it('reads a summary.arrow written with the heldout_* names under the contract_* names, and names both when neither is there', () => {
    const file = path.join(dir, 'summary-old.arrow');
    const { contract_before: _b, contract_after: _a, contract_drop: _d, ...rest } = SUMMARY_ROWS;
    const oldSpec = { ...rest, heldout_before: 'float64', heldout_after: 'float64', heldout_drop: 'float64' } as const;
    const row = Object.fromEntries(Object.keys(oldSpec).map((k) => [k, null])) as RowOf<typeof oldSpec>;
    writeArrowFile(file, oldSpec, [{ ...row, run_id: 'agent-b1-s0', heldout_before: 98.5, heldout_after: 97.75, heldout_drop: 0.75 }]);
    const [read] = readArrowFile(file, SUMMARY_ROWS, RESULT_FILES.summary);
    expect([read.run_id, read.contract_before, read.contract_after, read.contract_drop]).toEqual(['agent-b1-s0', 98.5, 97.75, 0.75]);
    expect(() => readArrowFile(file, SUMMARY_ROWS)).toThrow(/summary-old\.arrow: schema mismatch: column 'contract_before' \(Float64\) is missing$/);
    const neither = path.join(dir, 'summary-neither.arrow');
    const { heldout_before: _hb, ...withoutBefore } = oldSpec;
    writeArrowFile(neither, withoutBefore, []);
    expect(() => readArrowFile(neither, SUMMARY_ROWS, RESULT_FILES.summary)).toThrow(/column 'contract_before' \(Float64\) is missing \(nor is its old name 'heldout_before' there\)/);
  });
});
