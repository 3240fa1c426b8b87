import * as fs from 'fs';
import * as path from 'path';
import { hashModelFiles } from '@l2p/models';
import { ConfigError, type OwnedOutput, readJson, writeJsonAtomic } from '@l2p/runtime';
import { runDirOwner } from '../../run-dir-owner';

/**
 * What a `l2p prune` output directory (--out) belongs to. Its jobs' checkpoints hold the pruned network and say
 * which job (method, b, seed, units) they are; this record, written when a run starts and checked before one is
 * continued or reused, says which model, data and options they were made from. Without it a run of another model
 * whose groups have the same names resumes the first model's checkpoint, and the result mixes two networks.
 */
export const PRUNE_SOURCE_JSON = 'prune-source.json';

export type OptionValue = string | number | boolean | null;

export interface PruneRunRecord {
  /** The trained run's directory (--checkpoint); absent for --model. */
  trainDir?: string;
  /** The model file as first given (for messages) and the sha256 of its bytes (what identifies it). */
  model?: string;
  modelSha256?: string;
  /** The data as given to the run. */
  data?: string;
  /** The options its results depend on, by flag (--fine-tune-epochs), in the order they are reported. */
  options?: Record<string, OptionValue>;
}

/** The record of a run about to be made from `modelDir` (a model directory or its model.json). */
/** The flags every prune run's results depend on (a --model run adds its data and preprocessing flags). */
export function pruningFlags(args: { layers?: string; maxUpdates?: number; samples?: number; agentLr?: number; fineTuneEpochs?: number; fineTuneLr?: number; fineTuneImages?: number }): Record<string, OptionValue | undefined> {
  return {
    '--layers': args.layers,
    '--max-updates': args.maxUpdates,
    '--samples': args.samples,
    '--agent-lr': args.agentLr,
    '--fine-tune-epochs': args.fineTuneEpochs,
    '--fine-tune-lr': args.fineTuneLr,
    '--fine-tune-images': args.fineTuneImages,
  };
}

export function runRecord(modelFlag: string, modelDir: string, data: string, options: Record<string, OptionValue | undefined>, trainDir?: string): PruneRunRecord {
  return {
    ...(trainDir ? { trainDir } : {}),
    model: path.resolve(modelFlag),
    modelSha256: hashModelFiles(modelDir),
    data,
    options: Object.fromEntries(Object.entries(options).map(([k, v]) => [k, v ?? null])),
  };
}

const short = (sha: string): string => `${sha.slice(0, 12)}…`;

/**
 * Refuses, in one line naming the difference, a run in `out` made from another model, data or options than
 * `current`. `modelArg` is the flag that named the model (`--model ${file}`). Records of older versions lack
 * fields; what they lack is not compared.
 */
export function checkRunRecord(out: string, outArg: string, current: PruneRunRecord, modelArg: string): void {
  const file = path.join(out, PRUNE_SOURCE_JSON);
  if (!fs.existsSync(file)) return;
  const saved = readJson<PruneRunRecord>(file);
  const where = `the run in --out ${outArg}`;
  const otherModel = saved.modelSha256 !== undefined ? saved.modelSha256 !== current.modelSha256 : saved.trainDir !== undefined && saved.trainDir !== current.trainDir;
  if (otherModel) {
    const hashes = saved.modelSha256 && current.modelSha256 ? ` (sha256 ${short(saved.modelSha256)}, this one ${short(current.modelSha256)})` : '';
    throw new ConfigError(`${modelArg}: ${where} belongs to another model, ${saved.model ?? saved.trainDir}${hashes}`, 'choose another --out for this model');
  }
  if (saved.data !== undefined && saved.data !== current.data) throw new ConfigError(`--data ${current.data}: ${where} was made on ${saved.data}`, 'give the same data, or choose another --out');
  const differ = Object.entries(current.options ?? {}).filter(([flag, value]) => saved.options && flag in saved.options && saved.options[flag] !== value);
  if (differ.length > 0) {
    const list = differ.map(([flag, value]) => `${flag} ${value ?? '(unset)'} (it used ${saved.options?.[flag] ?? '(unset)'})`).join(', ');
    throw new ConfigError(`${where} was made with other options: ${list}`, 'give the same options, or choose another --out');
  }
}

/** Records what the run in `out` belongs to (atomically; the directory exists). */
export function writeRunRecord(out: string, record: PruneRunRecord): void {
  writeJsonAtomic(path.join(out, PRUNE_SOURCE_JSON), record);
}

/** What `l2p prune` writes into --out: an experiment's run directory and its run record. */
export const PRUNE_OUT: OwnedOutput = runDirOwner('l2p prune', [PRUNE_SOURCE_JSON]);
