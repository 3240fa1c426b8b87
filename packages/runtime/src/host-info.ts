import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface HostInfo {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  platform: string;
  arch: string;
  node: string;
}

/**
 * The cores this job may use: Slurm's allocation when it runs as a Slurm task (SLURM_CPUS_PER_TASK), else the
 * CPUs this process may run on (os.availableParallelism respects the affinity mask).
 */
export function jobCores(env: NodeJS.ProcessEnv = process.env): number {
  const slurm = Number(env.SLURM_CPUS_PER_TASK);
  if (Number.isInteger(slurm) && slurm >= 1) return slurm;
  return os.availableParallelism();
}

export function hostInfo(): HostInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    platform: os.platform(),
    arch: os.arch(),
    node: process.version,
  };
}

/** The workspace root: the nearest ancestor holding nx.json (falls back to the current directory). */
export function workspaceRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** The git commit of the workspace, with "-dirty" when tracked files changed; "unknown" outside a checkout. */
export function gitRevision(cwd: string = workspaceRoot()): string {
  try {
    const rev = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    return dirty ? `${rev}-dirty` : rev;
  } catch {
    return 'unknown';
  }
}

/** Packages whose versions change numbers; recorded in every manifest. */
export const TRACKED_PACKAGES = [
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-layers',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
  'onnxruntime-node',
  'apache-arrow',
] as const;

/** Installed versions of the tracked packages ("absent" for optional ones that are not installed). */
export function packageVersions(names: readonly string[] = TRACKED_PACKAGES): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of names) versions[name] = installedVersion(name) ?? 'absent';
  return versions;
}

/** A package's installed version, also for packages whose `exports` hide their package.json. */
function installedVersion(name: string): string | undefined {
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    return undefined;
  }
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === name) return pkg.version;
  }
  return undefined;
}
