import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { countModel, disposeWeights } from '@l2p/models';
import { readJson, selectBackend } from '@l2p/runtime';
import { arrayBatchSource } from '@l2p/models';
import { patternDataset } from '@l2p/models/testing';
import { loadLabelledBatches } from '../evaluate/labelled-batches';
import { toyProblem } from '../testing';
import { LayerRow, UpdateRow } from '../results/schema';
import { keepCountsOf, PIPELINE_STATE_JSON, runPruning } from './pipeline';
import { networkMetric } from '../evaluate/network-metric';

const identityFineTune = async (_d: unknown, w: Record<string, tf.Tensor>): Promise<Record<string, tf.Tensor>> => w;

describe('runPruning', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('prunes layer by layer with the agent, then a baseline at the same per-layer counts', async () => {
    const { description, weights, reward } = await toyProblem('vgg16');
    const layers = ['conv1_1', 'conv2_1', 'conv3_1'];
    const agentRun = await runPruning({
      method: 'agent',
      b: 5,
      seed: 1,
      description,
      weights,
      layers,
      reward,
      fineTune: identityFineTune,
      scoring: { batchNorm: 'moving' },
      agent: { minUpdates: 3, maxUpdates: 5, samplesPerUpdate: 4 },
    });
    expect(agentRun.layerRows.map((r) => r.layer)).toEqual(layers);
    for (const row of agentRun.layerRows) {
      expect(row.filters_after).toBe(row.kept_indices?.length);
      expect(row.agent_updates).toBeGreaterThanOrEqual(3);
      expect(row.p_before as number).toBeGreaterThanOrEqual(0);
    }
    expect(agentRun.updateRows.length).toBe(agentRun.layerRows.reduce((s, r) => s + (r.agent_updates as number), 0));
    expect(countModel(agentRun.description).params).toBe(agentRun.layerRows[2].params_after);
    expect(await networkMetric(agentRun.description, agentRun.weights, reward)).toBeCloseTo(agentRun.pFinal, 10);

    const counts = keepCountsOf(agentRun.layerRows);
    const l1Run = await runPruning({ method: 'l1', b: 5, seed: 1, description, weights, layers, reward, fineTune: identityFineTune, keepCounts: counts, scoring: { batchNorm: 'moving' } });
    expect(keepCountsOf(l1Run.layerRows)).toEqual(counts);
    expect(l1Run.layerRows.every((r) => r.decision_source === 'count' && r.agent_updates === null)).toBe(true);
    // The physically pruned network has exactly the filters the rows say.
    for (const row of l1Run.layerRows) expect(l1Run.weights[`${row.layer}/kernel`].shape[3]).toBe(row.filters_after);
    await expect(runPruning({ method: 'taylor', b: 5, seed: 1, description, weights, layers, reward, fineTune: identityFineTune, scoring: { batchNorm: 'moving' } })).rejects.toThrow(
      /keeps as many filters as the agent did; no keep count for conv1_1, conv2_1, conv3_1/,
    );
    [agentRun.weights, l1Run.weights, weights].forEach(disposeWeights);
    reward.dispose();
  });

  it('a fixed plan runs with no b: its rows and checkpoint say none, and a checkpoint that wrote 0 for it resumes', async () => {
    const { description, weights, reward } = await toyProblem('vgg16');
    const layers = ['conv1_1', 'conv2_1'];
    const keepCounts = { conv1_1: 2, conv2_1: 3 };
    const checkpointDir = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-fixed-plan-'));
    const fixed = { method: 'l1', label: 'li-pruned-a', runId: 'li-pruned-a-s0', seed: 0, description, weights, layers, reward, fineTune: identityFineTune, keepCounts, checkpointDir, scoring: { batchNorm: 'moving' as const } };
    const kill = async (li: number): Promise<void> => {
      if (li === 0) throw new Error('killed');
    };
    await expect(runPruning({ ...fixed, onLayerDone: kill })).rejects.toThrow('killed');
    const stateFile = path.join(checkpointDir, PIPELINE_STATE_JSON);
    expect(readJson<{ b: unknown }>(stateFile).b).toBeNull();
    // As the code before b could be absent wrote it: 0 for "no b".
    fs.writeFileSync(stateFile, JSON.stringify({ ...readJson<object>(stateFile), b: 0 }));
    const run = await runPruning({ ...fixed, resume: true });
    expect(run.resumedAt).toBe(1);
    expect(run.layerRows.map((r) => [r.run_id, r.method, r.b, r.filters_after])).toEqual([
      ['li-pruned-a-s0', 'li-pruned-a', null, 2],
      ['li-pruned-a-s0', 'li-pruned-a', null, 3],
    ]);
    // Only a method told its counts may run without b; the agent chooses its own, within b.
    await expect(runPruning({ ...fixed, method: 'agent', checkpointDir: undefined })).rejects.toThrow("method 'agent' chooses its own counts: it needs b");
    disposeWeights(run.weights);
    disposeWeights(weights);
    reward.dispose();
    fs.rmSync(checkpointDir, { recursive: true, force: true });
  });

  it('taylor and random pick different filters than L1 at the same count, and each prunes exactly that count', async () => {
    const { description, weights, reward } = await toyProblem('vgg16');
    const train = patternDataset(16, description.numClasses, description.inputShape[0], 7);
    const trainSample = await loadLabelledBatches(arrayBatchSource({ ...train, batchSize: 8 }));
    tf.dispose([train.x, train.y]);
    const layers = ['conv1_2'];
    const keepCounts = { conv1_2: 2 };
    const runs = await Promise.all(
      ['l1', 'taylor', 'random'].map((method) =>
        runPruning({ method, b: 1, seed: 2, description, weights, layers, reward, trainSample, fineTune: identityFineTune, keepCounts }),
      ),
    );
    for (const run of runs) expect(run.layerRows[0].filters_after).toBe(2);
    const picks = runs.map((r) => JSON.stringify(r.layerRows[0].kept_indices));
    expect(new Set(picks).size).toBeGreaterThan(1);
    runs.forEach((r) => disposeWeights(r.weights));
    disposeWeights(weights);
    reward.dispose();
    trainSample.dispose();
  });

  it('a run killed with SIGKILL after a layer resumes there, with no lost or duplicated rows, and matches an uninterrupted run', () => {
    const script = path.join(__dirname, '..', 'testing', 'prune-child.ts');
    // `node --require tsx/cjs` (not the tsx CLI, which runs a second process): the SIGKILL must end this process.
    const child = (dir: string, killAfter: number, resume: boolean): ReturnType<typeof spawnSync> =>
      spawnSync(process.execPath, ['--require', 'tsx/cjs', script, dir, String(killAfter), resume ? '1' : '0'], { encoding: 'utf8', timeout: 120_000, cwd: path.join(__dirname, '..', '..', '..', '..') });
    const whole = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-whole-'));
    const killed = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-killed-'));
    try {
      const a = child(whole, -1, false);
      expect(a.status).toBe(0);
      const b1 = child(killed, 1, false);
      expect(b1.signal).toBe('SIGKILL');
      expect(fs.existsSync(path.join(killed, 'result.json'))).toBe(false);
      const b2 = child(killed, -1, true);
      expect(b2.status).toBe(0);
      type Result = { layerRows: LayerRow[]; updateRows: UpdateRow[]; resumedAt: number; contractBefore: number; pBase: number };
      const ra = readJson<Result>(path.join(whole, 'result.json'));
      const rb = readJson<Result>(path.join(killed, 'result.json'));
      expect(rb.resumedAt).toBe(2);
      expect(rb.pBase).toBe(ra.pBase);
      expect(rb.contractBefore).toBe(ra.contractBefore);
      const strip = <T extends { wall_ms: number | null }>(rows: T[]): T[] => rows.map((r) => ({ ...r, wall_ms: 0 }));
      expect(strip(rb.layerRows)).toEqual(strip(ra.layerRows));
      expect(strip(rb.updateRows)).toEqual(strip(ra.updateRows));
      expect(rb.layerRows.map((r) => r.layer)).toEqual(['conv1_1', 'conv1_2', 'conv2_1']);
    } finally {
      fs.rmSync(whole, { recursive: true, force: true });
      fs.rmSync(killed, { recursive: true, force: true });
    }
  });
});
