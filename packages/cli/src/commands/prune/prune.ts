import * as fs from 'fs';
import * as path from 'path';
import { loadModel } from '@l2p/models';
import { LAYER_ROWS, readArrowFile, SUMMARY_ROWS } from '@l2p/pruning';
import { ExperimentConfig, experimentSchema, JobSpec, jobId, modelContext, openExperimentData, parseJobId, runJobLocked } from '@l2p/experiments';
import { checkOutputDir, checkOutsideInput, checkOwnedOutputDir, computeSummary, ConfigError, createLogger, createProgress, ensureDir, readJson, selectCompute } from '@l2p/runtime';
import { pruneJobOf } from '../../job-options';
import { PruneArgs } from './command';
import { checkRunRecord, PRUNE_OUT, PRUNE_SOURCE_JSON, PruneRunRecord, pruningFlags, runRecord, writeRunRecord } from './run-record';

function trainDirOf(checkpoint: string): string {
  const dir = path.resolve(checkpoint);
  if (fs.existsSync(path.join(dir, 'train.json'))) return dir;
  if (fs.existsSync(path.join(dir, '..', 'train.json'))) return path.dirname(dir);
  throw new ConfigError(`--checkpoint ${checkpoint}: no train.json there (write one with \`l2p train --out ${checkpoint}\`)`);
}

/** `l2p prune`: one pruning run of a trained model, as a job of an ad-hoc experiment in --out. */
export async function prune(args: PruneArgs): Promise<void> {
  let spec: JobSpec = pruneJobOf(args);
  const logger = createLogger(args.logLevel);
  const progress = createProgress();
  const outFlag = args.resume ? '--resume' : '--out';
  let out = checkOutputDir(args.resume ? path.dirname(path.resolve(args.resume)) : args.out, outFlag);
  if (args.resume) {
    const runDir = path.resolve(args.resume);
    if (!fs.existsSync(path.join(runDir, 'manifest.json'))) throw new ConfigError(`--resume ${args.resume}: no manifest.json there`);
    out = path.dirname(runDir);
    spec = parseJobId(path.basename(runDir));
  }
  const sourceFile = path.join(out, PRUNE_SOURCE_JSON);
  if (!args.checkpoint && !fs.existsSync(sourceFile)) throw new ConfigError(`--resume ${args.resume}: ${sourceFile} does not say which trained run it prunes`, 'give --checkpoint too');
  const trainDir = args.checkpoint ? trainDirOf(args.checkpoint) : (readJson<PruneRunRecord>(sourceFile).trainDir as string);
  // Job directories go into --out: never into the trained run, whose model they are made from.
  checkOutsideInput(out, outFlag, trainDir, 'the trained run');
  checkOwnedOutputDir(out, outFlag, PRUNE_OUT);
  const record = runRecord(path.join(trainDir, 'model', 'model.json'), path.join(trainDir, 'model'), trainDir, pruningFlags(args), trainDir);
  checkRunRecord(out, args.resume ? path.dirname(args.resume) : args.out, record, `--checkpoint ${args.checkpoint ?? trainDir}`);
  const trained = readJson<{ config: ExperimentConfig }>(path.join(trainDir, 'train.json')).config;
  // Re-validated, so a train.json written before a setting existed gets its default.
  const config: ExperimentConfig = experimentSchema.parse({
    ...trained,
    layers: args.layers ? args.layers.split(',').map((s) => s.trim()) : trained.layers,
    agent: {
      ...trained.agent,
      ...(args.maxUpdates !== undefined ? { maxUpdates: args.maxUpdates, minUpdates: Math.min(20, args.maxUpdates) } : {}),
      ...(args.samples !== undefined ? { samplesPerUpdate: args.samples } : {}),
      ...(args.agentLr !== undefined ? { learningRate: args.agentLr } : {}),
    },
    fineTune: { ...trained.fineTune, epochs: args.fineTuneEpochs, learningRate: args.fineTuneLr, imagesPerLayer: args.fineTuneImages ?? null },
  });
  const { backend, engine } = await selectCompute(args);
  logger.info(computeSummary({ backend, engine }));
  const data = await openExperimentData(config, path.dirname(out));
  const { description, weights } = await loadModel(path.join(trainDir, 'model'));
  ensureDir(out);
  writeRunRecord(out, record);
  const ctx = await modelContext({
    config,
    expDir: out,
    data,
    model: { description, weights, dir: trainDir, facts: { key: 'checkpoint', epochs: config.base.epochs, trainSeconds: 0 } },
    backend,
    engine,
    progress,
    logger,
  });
  const outcome = await runJobLocked(ctx, spec);
  const dir = path.join(out, jobId(spec));
  const [summary] = readArrowFile(path.join(dir, 'summary.arrow'), SUMMARY_ROWS);
  const layers = readArrowFile(path.join(dir, 'layers.arrow'), LAYER_ROWS);
  for (const r of layers) {
    process.stdout.write(
      `${String(r.layer).padEnd(8)} ${r.filters_after}/${r.filters_before} kept, p ${r.p_before?.toFixed(2)} → p̂ ${r.p_hat_decision?.toFixed(2)} → ${r.p_after_finetune?.toFixed(2)} after fine-tuning${r.stop_reason ? ` (${r.agent_updates} updates, ${r.stop_reason})` : ''}\n`,
    );
  }
  process.stdout.write(
    `${outcome === 'skipped' ? '(already finished) ' : ''}${jobId(spec)}: filters −${summary.filters_pruned_pct?.toFixed(1)}%, params −${summary.params_pruned_pct?.toFixed(1)}%, MACs −${summary.macs_pruned_pct?.toFixed(1)}%; test ${summary.test_before?.toFixed(2)} → ${summary.test_after?.toFixed(2)} (drop ${summary.drop?.toFixed(2)}, b ${spec.kind === 'prune' ? spec.b : '—'})\nrun: ${dir}\n`,
  );
}
