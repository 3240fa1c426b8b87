import { jobOfRunConfig, jobRunConfig, tryDecodeJobId } from '@l2p/pruning';
import { DataFormatError } from '@l2p/runtime';
import * as fs from 'fs';
import { JobInfo, SplitSizes } from '../model';

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function splits(value: unknown): SplitSizes | undefined {
  const r = record(value);
  if (!r) return undefined;
  return { train: num(r.train), reward: num(r.reward), test: num(r.test) };
}

/**
 * Reads a run manifest (RunManifest from @l2p/runtime) leniently: a report of an unfinished sweep must render,
 * so absent fields become undefined. Only a file that is not a JSON object is an error.
 */
export function readManifest(file: string, jobId: string, files: string[]): JobInfo {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new DataFormatError(`${file}: not a readable run manifest (${err instanceof Error ? err.message : String(err)})`);
  }
  const m = record(raw);
  if (!m) throw new DataFormatError(`${file}: a run manifest must be a JSON object, got ${Array.isArray(raw) ? 'an array' : typeof raw}`);
  const config = record(m.config);
  const backend = record(m.backend);
  const error = record(m.error);
  // Which job this is, through the job codec: the run configuration's (method, b, seed), else the directory's name
  // (a manifest written before the run configuration recorded them).
  const job = (config && jobOfRunConfig(config)) ?? tryDecodeJobId(jobId);
  const named = job ? jobRunConfig(job) : undefined;
  return {
    id: jobId,
    experiment: str(m.experiment),
    runId: str(m.runId) ?? jobId,
    status: str(m.status) ?? 'unknown',
    error: error ? `${str(error.name) ?? 'Error'}: ${str(error.message) ?? ''}` : undefined,
    method: named?.method ?? str(config?.method),
    b: named ? (named.b ?? undefined) : num(config?.b),
    seed: named?.seed ?? num(config?.seed) ?? num(m.seed),
    model: str(config?.model),
    width: num(config?.width),
    dataset: str(config?.dataset),
    splits: splits(config?.splits),
    config,
    configHash: str(m.configHash),
    backend: backend && str(backend.name) ? { name: str(backend.name) as string, version: str(backend.version) ?? '?' } : undefined,
    gitRevision: str(m.gitRevision),
    startedAt: str(m.startedAt),
    endedAt: str(m.endedAt),
    files,
    fixture: config?.fixture === true,
  };
}
