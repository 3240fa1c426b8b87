import * as fs from 'fs';
import * as path from 'path';
import { readJson, writeJsonAtomic } from './atomic-write';
import { configHash } from './config-hash';
import { ConfigError } from './errors';
import { gitRevision, hostInfo, HostInfo, packageVersions } from './host-info';
import { ensureDir } from './output-location';

export type RunStatus = 'running' | 'done' | 'failed';

/** One process's stretch of work on a run: the first, and one per resume after a crash or failure. */
export interface RunAttempt {
  startedAt: string;
  /** When it ended; for a killed attempt, the time of its last write in the run directory. */
  endedAt?: string;
  wallMs?: number;
}

export interface RunManifest {
  experiment: string;
  runId: string;
  status: RunStatus;
  error?: { name: string; message: string; stack?: string };
  config: unknown;
  configHash: string;
  seed: number;
  backend: { name: string; version: string };
  packages: Record<string, string>;
  gitRevision: string;
  host: HostInfo;
  startedAt: string;
  endedAt?: string;
  /** Every attempt so far, the current one last (absent in manifests written before attempts were kept). */
  attempts?: RunAttempt[];
}

export interface CreateRunOptions {
  /** Root of all runs; default `runs` under the current directory. */
  root?: string;
  experiment: string;
  /** Default: `<UTC timestamp>-<config hash prefix>`. */
  runId?: string;
  config: unknown;
  seed: number;
  backend: { name: string; version: string };
  now?: () => Date;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function timestampId(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * A run's directory `runs/<experiment>/<run-id>/` and its manifest. The manifest is rewritten atomically at every
 * status change, so a reader sees `running` until the run ends and `failed` with the error if it throws.
 */
export class RunDir {
  private constructor(
    readonly dir: string,
    private manifest: RunManifest,
    private readonly now: () => Date,
  ) {}

  static create(options: CreateRunOptions): RunDir {
    const now = options.now ?? (() => new Date());
    if (!SAFE_NAME.test(options.experiment)) {
      throw new ConfigError(`experiment name must match ${SAFE_NAME}, got '${options.experiment}'`);
    }
    const hash = configHash(options.config);
    const runId = options.runId ?? `${timestampId(now())}-${hash.slice(0, 8)}`;
    if (!SAFE_NAME.test(runId)) throw new ConfigError(`run id must match ${SAFE_NAME}, got '${runId}'`);
    const dir = path.resolve(options.root ?? 'runs', options.experiment, runId);
    ensureDir(dir);
    const manifest: RunManifest = {
      experiment: options.experiment,
      runId,
      status: 'running',
      config: options.config,
      configHash: hash,
      seed: options.seed,
      backend: options.backend,
      packages: packageVersions(),
      gitRevision: gitRevision(),
      host: hostInfo(),
      startedAt: now().toISOString(),
    };
    manifest.attempts = [{ startedAt: manifest.startedAt }];
    const run = new RunDir(dir, manifest, now);
    run.save();
    return run;
  }

  /** Opens an existing run (e.g. to resume it); the manifest goes back to `running`. */
  static resume(dir: string, now: () => Date = () => new Date()): RunDir {
    const file = path.join(dir, 'manifest.json');
    if (!fs.existsSync(file)) throw new ConfigError(`no run to resume at ${dir}: ${file} does not exist`);
    const manifest = readJson<RunManifest>(file);
    const attempts = closeAttempts(dir, manifest);
    attempts.push({ startedAt: now().toISOString() });
    const run = new RunDir(path.resolve(dir), { ...manifest, status: 'running', error: undefined, endedAt: undefined, attempts }, now);
    run.save();
    return run;
  }

  /** Wall time over every attempt, the current one up to now: what a resumed run really took. */
  elapsedMs(): number {
    const attempts = this.manifest.attempts ?? [];
    const current = attempts[attempts.length - 1];
    const earlier = attempts.slice(0, -1).reduce((sum, a) => sum + (a.wallMs ?? 0), 0);
    return earlier + (current ? this.now().getTime() - Date.parse(current.startedAt) : 0);
  }

  get id(): string {
    return this.manifest.runId;
  }

  get info(): Readonly<RunManifest> {
    return this.manifest;
  }

  file(name: string): string {
    return path.join(this.dir, name);
  }

  markDone(): void {
    const endedAt = this.now().toISOString();
    this.manifest = { ...this.manifest, status: 'done', endedAt, attempts: this.endAttempt(endedAt) };
    this.save();
  }

  markFailed(err: unknown): void {
    const error = err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : { name: 'Error', message: String(err) };
    const endedAt = this.now().toISOString();
    this.manifest = { ...this.manifest, status: 'failed', error, endedAt, attempts: this.endAttempt(endedAt) };
    this.save();
  }

  private endAttempt(endedAt: string): RunAttempt[] {
    const attempts = [...(this.manifest.attempts ?? [])];
    const current = attempts.pop();
    if (current) attempts.push({ ...current, endedAt, wallMs: Date.parse(endedAt) - Date.parse(current.startedAt) });
    return attempts;
  }

  /** Runs `work`, marking the manifest done or failed (and rethrowing) according to how it ends. */
  async track<T>(work: (run: RunDir) => Promise<T>): Promise<T> {
    try {
      const result = await work(this);
      this.markDone();
      return result;
    } catch (err) {
      this.markFailed(err);
      throw err;
    }
  }

  private save(): void {
    writeJsonAtomic(this.file('manifest.json'), this.manifest);
  }
}

/** The latest modification time of anything under `dir` (ms), or 0. */
function lastWriteMs(dir: string): number {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? lastWriteMs(p) : fs.statSync(p).mtimeMs);
  }
  return latest;
}

/**
 * The attempts of a run about to be resumed, each with its wall time. An attempt that ended (failed) has its
 * end; one that was killed ends at its last write in the run directory (work after that was lost, and redone).
 */
function closeAttempts(dir: string, manifest: RunManifest): RunAttempt[] {
  const attempts = [...(manifest.attempts ?? [{ startedAt: manifest.startedAt, ...(manifest.endedAt ? { endedAt: manifest.endedAt } : {}) }])];
  const last = attempts.pop();
  if (last) {
    const endedMs = last.endedAt ? Date.parse(last.endedAt) : Math.max(Date.parse(last.startedAt), lastWriteMs(dir));
    attempts.push({ startedAt: last.startedAt, endedAt: new Date(endedMs).toISOString(), wallMs: endedMs - Date.parse(last.startedAt) });
  }
  return attempts;
}
