import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_DATASET } from '@l2p/data';
import { checkSupportedLayers, countModel, importLayersModel, type ModelDescription, saveModel, unitNames } from '@l2p/models';
import { ExperimentConfig, experimentSchema, JobSpec, jobId, modelContext, openClassification, runJobLocked } from '@l2p/experiments';
import { LAYER_ROWS, readArrowFile, SUMMARY_ROWS } from '@l2p/pruning';
import { checkOutsideInput, checkOwnedOutputDir, computeSummary, ConfigError, createLogger, createProgress, ensureDir, readJson, RunManifest, selectCompute, writeFileAtomic } from '@l2p/runtime';
import { generateExperimentReport } from '../report/report';
import { pruneJobOf } from '../../job-options';
import { PruneArgs } from './command';
import { dataKind, INPUT_SCALES, InputScale, loadUserData, userDataChoices } from './user-data';
import { checkRunRecord, PRUNE_OUT, PruneRunRecord, pruningFlags, runRecord, writeRunRecord } from './run-record';

/** The files of the pruned model copied to --out (tf.js layers model, shards, ONNX, replay spec). */
function modelFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f === 'model.json' || f === 'model.onnx' || f === 'spec.json' || /^group\d+-shard\d+of\d+\.bin$/.test(f));
}

/** Checks everything a `--model` run needs before any work; returns the parsed job. */
/** What a --model run's results depend on besides the model and the job (method, b, seed name the job). */
function modelRecord(args: PruneArgs): PruneRunRecord {
  // A bundled set by its name, a root by its absolute path (the same data whatever the working directory).
  const data = dataKind(args.data as string) === args.data ? args.data : path.resolve(args.data as string);
  return runRecord(args.model as string, path.resolve(args.model as string), data, {
    '--input-scale': args.inputScale,
    '--reward-size': args.rewardSize,
    '--train-images': args.trainImages,
    '--test-images': args.testImages,
    '--final-epochs': args.finalEpochs,
    ...pruningFlags(args),
  });
}

/**
 * The units a --model run prunes, before any work: all of the model's channel groups, or those `--layers` names (in
 * its order, each a group's name); a model with none is refused, with why its convs cannot be pruned.
 */
function unitsToPrune(args: PruneArgs, description: ModelDescription): string[] | null {
  if (description.groups.length === 0) {
    const why = description.unprunable.map((u) => `${u.layer}: ${u.reason}`).join('; ');
    throw new ConfigError(`--model ${args.model}: nothing to prune, no conv layer whose filters can be removed${why ? ` (${why})` : ''}`);
  }
  if (!args.layers) return null;
  const names = args.layers.split(',').map((s) => s.trim());
  const units = new Set(unitNames(description));
  for (const name of names) {
    if (!units.has(name)) throw new ConfigError(`--layers ${args.layers}: '${name}' is not a channel group of ${args.model}`, `groups: ${[...units].join(', ')}`);
  }
  return names;
}

function checkModelArgs(args: PruneArgs): { spec: JobSpec; out: string; scale: InputScale } {
  const spec = pruneJobOf(args);
  const file = path.resolve(args.model as string);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new ConfigError(`--model ${args.model}: no such file (give the model.json of a tf.js layers model)`);
  checkSupportedLayers(file);
  if (!args.data) throw new ConfigError(`--data is required with --model: ${userDataChoices()}`);
  dataKind(args.data);
  const scale = args.inputScale as InputScale;
  if (!(INPUT_SCALES as readonly string[]).includes(scale)) throw new ConfigError(`--input-scale ${scale}: must be one of ${INPUT_SCALES.join(', ')}`);
  // The pruned model.json and shards go to --out: never onto the user's model, nor over anything else of theirs.
  checkOutsideInput(args.out, '--out', path.dirname(file), 'the model folder');
  const out = checkOwnedOutputDir(args.out, '--out', PRUNE_OUT);
  return { spec, out, scale };
}

/**
 * `l2p prune --model model.json --data …`: imports a user's tf.js model, prunes it group by group (channel groups:
 * coupled channels removed together) under b on a reward split held out of the training images, fine-tunes as the
 * experiments do, and writes --out/model.json + shards (plain tf.loadLayersModel), model.onnx, the Arrow tables
 * and an HTML report. A killed run continues with --resume.
 */
export async function pruneModel(args: PruneArgs): Promise<void> {
  const { spec, out, scale } = checkModelArgs(args);
  const runDir = path.join(out, jobId(spec));
  const manifest = path.join(runDir, 'manifest.json');
  const record = modelRecord(args);
  checkRunRecord(out, args.out, record, `--model ${args.model}`);
  if (args.resume !== undefined && !fs.existsSync(manifest)) {
    throw new ConfigError(`--resume: nothing to resume in --out ${args.out} (no run of ${jobId(spec)} was started there)`, 'run without --resume to start one');
  }
  if (fs.existsSync(manifest) && readJson<RunManifest>(manifest).status !== 'done' && args.resume === undefined) {
    throw new ConfigError(`--out ${args.out}: ${jobId(spec)} was started and did not finish; continue it with --resume, or choose another --out`);
  }
  const logger = createLogger(args.logLevel);
  const progress = createProgress();
  const { backend, engine } = await selectCompute(args);
  logger.info(computeSummary({ backend, engine }));
  const { description, weights } = await importLayersModel(args.model as string);
  logger.info(`${args.model}: ${description.nodes.length} layers, ${description.groups.length} channel groups (${description.groups.map((g) => g.members.join('+')).join(', ')})`);
  const layers = unitsToPrune(args, description);
  const dataset = await loadUserData(args.data as string, description.inputShape, description.numClasses, scale);
  const config: ExperimentConfig = experimentSchema.parse({
    name: 'prune-model',
    description: `l2p prune --model ${args.model}`,
    // A name the schema accepts (the registry's default set), recorded in the run's manifest; the sources, and the
    // data set the run records (`data.name`), are built from the user's data below.
    dataset: { name: DEFAULT_DATASET, rewardSize: args.rewardSize, trainSubset: args.trainImages ?? null, testSubset: args.testImages ?? null, augment: false },
    model: { architecture: 'vgg16', width: 1 },
    base: { epochs: 0, batchSize: 64, learningRate: 0.01 },
    agent: {
      ...(args.maxUpdates !== undefined ? { maxUpdates: args.maxUpdates, minUpdates: Math.min(20, args.maxUpdates) } : {}),
      ...(args.samples !== undefined ? { samplesPerUpdate: args.samples } : {}),
      ...(args.agentLr !== undefined ? { learningRate: args.agentLr } : {}),
    },
    fineTune: { epochs: args.fineTuneEpochs, batchSize: 64, learningRate: args.fineTuneLr, imagesPerLayer: args.fineTuneImages ?? null },
    finalFineTune: args.finalEpochs > 0 ? { epochs: args.finalEpochs, batchSize: 64, learningRate: args.fineTuneLr, imagesPerEpoch: args.fineTuneImages ?? null } : null,
    // No `scoring`: the experiments' default (adaptive BN on the train sample), for groups as for single convs.
    budgets: [spec.kind === 'prune' ? spec.b : 1],
    seeds: [spec.seed],
    methods: [args.method],
    layers,
  });
  const data = { ...openClassification(config, dataset, dataset.files), name: `${dataKind(args.data as string)}:${args.data}` };
  const baseDir = path.join(out, 'base');
  ensureDir(out);
  writeRunRecord(out, record);
  await saveModel(path.join(baseDir, 'model'), { description, weights });
  const ctx = await modelContext({
    config,
    expDir: out,
    data,
    model: { description, weights, dir: baseDir, facts: { key: 'imported', epochs: 0, trainSeconds: 0 } },
    backend,
    engine,
    progress,
    logger,
  });
  const outcome = await runJobLocked(ctx, spec);
  const modelDir = path.join(runDir, 'model');
  for (const f of modelFiles(modelDir)) if (f !== 'model.json') writeFileAtomic(path.join(out, f), fs.readFileSync(path.join(modelDir, f)));
  // model.json last: it names the shards, so a reader never sees it before them.
  writeFileAtomic(path.join(out, 'model.json'), fs.readFileSync(path.join(modelDir, 'model.json')));
  for (const f of fs.readdirSync(runDir).filter((f) => f.endsWith('.arrow'))) writeFileAtomic(path.join(out, f), fs.readFileSync(path.join(runDir, f)));
  const report = await generateExperimentReport(out, path.join(out, 'report'));
  const [summary] = readArrowFile(path.join(runDir, 'summary.arrow'), SUMMARY_ROWS);
  for (const r of readArrowFile(path.join(runDir, 'layers.arrow'), LAYER_ROWS)) {
    process.stdout.write(`${String(r.layer).padEnd(10)} ${r.filters_after}/${r.filters_before} kept, p ${r.p_before?.toFixed(2)} → p̂ ${r.p_hat_decision?.toFixed(2)} → ${r.p_after_finetune?.toFixed(2)} after fine-tuning\n`);
  }
  const before = countModel(description);
  process.stdout.write(
    `${outcome === 'skipped' ? '(already finished) ' : ''}${jobId(spec)}: params ${before.params} → ${summary.params_after} (−${summary.params_pruned_pct?.toFixed(1)}%), ` +
      `MACs ${before.macs} → ${summary.macs_after} (−${summary.macs_pruned_pct?.toFixed(1)}%); contract split (the reward split: no guard split here) ${summary.contract_before?.toFixed(2)} → ${summary.contract_after?.toFixed(2)}, ` +
      `test ${summary.test_before?.toFixed(2)} → ${summary.test_after?.toFixed(2)} (drop ${summary.drop?.toFixed(2)}, b ${spec.kind === 'prune' ? spec.b : '—'})\n` +
      `model: ${path.join(out, 'model.json')} (+ model.onnx)\nreport: ${report}\n`,
  );
}
