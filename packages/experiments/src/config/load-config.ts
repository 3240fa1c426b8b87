import { ConfigError, workspaceRoot } from '@l2p/runtime';
import * as fs from 'fs';
import * as path from 'path';
import { ZodError } from 'zod';
import { ExperimentConfig, experimentSchema } from './config-schema';
import { ConfigurationName } from './configuration-names';
import { legacyKeyProblems } from './legacy-keys';


export function experimentsDir(): string {
  return path.join(workspaceRoot(), 'experiments', 'configs');
}

export function listExperiments(dir: string = experimentsDir()): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Objects merge key by key; anything else (arrays included) in the override replaces the base value, and so does
 * an object with a `kind` (a tagged variant such as a schedule: its fields belong to its kind).
 */
export function deepMerge(base: Json, override: Json): Json {
  const isObject = (v: Json): v is { [key: string]: Json } => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
  if (isObject(base) && isObject(override) && !('kind' in override)) {
    const out: { [key: string]: Json } = { ...base };
    for (const [k, v] of Object.entries(override)) out[k] = k in base ? deepMerge(base[k], v) : v;
    return out;
  }
  return override;
}

function describeZodError(file: string, err: ZodError): string {
  return err.issues
    .map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : '(top level)';
      return `${file}: ${where}: ${issue.message}`;
    })
    .join('\n');
}

/** The file of an experiment given by name (experiments/configs/<name>.json) or as a path to a JSON file. */
export function experimentFile(nameOrFile: string): string {
  return nameOrFile.endsWith('.json') ? path.resolve(nameOrFile) : path.join(experimentsDir(), `${nameOrFile}.json`);
}

/**
 * Reads an experiment (a name under experiments/configs, or a path to a JSON file), applies the named
 * configuration's overrides, and validates the result.
 */
export function loadExperimentConfig(nameOrFile: string, configuration: ConfigurationName = 'paper'): ExperimentConfig {
  const file = experimentFile(nameOrFile);
  if (!fs.existsSync(file)) {
    throw new ConfigError(`no experiment '${nameOrFile}' (${file} does not exist)`, `experiments: ${listExperiments().join(', ')}`);
  }
  let raw: Json;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
  } catch (err) {
    throw new ConfigError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${file}: must hold a JSON object`);
  const { configurations = {}, ...base } = raw as { [key: string]: Json };
  if (!configurations || typeof configurations !== 'object' || Array.isArray(configurations)) {
    throw new ConfigError(`${file}: configurations must be an object of named overrides`);
  }
  const legacy = legacyKeyProblems(raw as { [key: string]: Json });
  if (legacy.length > 0) throw new ConfigError(`${path.basename(file)}: ${legacy.join('; ')} (README: "Renamed and removed config keys")`);
  let merged: Json = base;
  if (configuration !== 'paper') {
    const override = (configurations as Record<string, Json>)[configuration];
    if (override === undefined) {
      throw new ConfigError(`${file}: has no configuration '${configuration}'`, `configurations: paper, ${Object.keys(configurations).join(', ')}`);
    }
    merged = deepMerge(base, override);
  }
  const parsed = experimentSchema.safeParse(merged);
  if (!parsed.success) throw new ConfigError(describeZodError(`${path.basename(file)} [${configuration}]`, parsed.error));
  return parsed.data;
}
