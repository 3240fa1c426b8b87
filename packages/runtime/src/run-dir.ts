import * as fs from 'fs';
import * as path from 'path';
import { readJson, writeJsonAtomic } from './atomic-write';
import { configHash } from './config-hash';
import { ConfigError } from './errors';
import { gitRevision, hostInfo, HostInfo, packageVersions } from './host-info';

export type RunStatus = 'running' | 'done' | 'failed';

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
    fs.mkdirSync(dir, { recursive: true });
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
    const run = new RunDir(dir, manifest, now);
    run.save();
    return run;
  }

  /** Opens an existing run (e.g. to resume it); the manifest goes back to `running`. */
  static resume(dir: string, now: () => Date = () => new Date()): RunDir {
    const file = path.join(dir, 'manifest.json');
    if (!fs.existsSync(file)) throw new ConfigError(`no run to resume at ${dir}: ${file} does not exist`);
    const manifest = readJson<RunManifest>(file);
    const run = new RunDir(path.resolve(dir), { ...manifest, status: 'running', error: undefined, endedAt: undefined }, now);
    run.save();
    return run;
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
    this.manifest = { ...this.manifest, status: 'done', endedAt: this.now().toISOString() };
    this.save();
  }

  markFailed(err: unknown): void {
    const error = err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : { name: 'Error', message: String(err) };
    this.manifest = { ...this.manifest, status: 'failed', error, endedAt: this.now().toISOString() };
    this.save();
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
