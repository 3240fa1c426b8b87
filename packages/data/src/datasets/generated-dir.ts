import { ConfigError } from '@l2p/runtime';
import * as fs from 'fs';
import * as path from 'path';
import type { DatasetOpenOptions, GenerateSettings } from './dataset-entry';

const COMPLETE = '.complete';

/**
 * `dir`, made once by `make`: a marker written last says it is complete, so a run killed while generating starts
 * the set again.
 */
export async function madeOnce(dir: string, make: (dir: string) => Promise<unknown>): Promise<string> {
  if (!fs.existsSync(path.join(dir, COMPLETE))) {
    fs.rmSync(dir, { recursive: true, force: true });
    await make(dir);
    fs.writeFileSync(path.join(dir, COMPLETE), '');
  }
  return dir;
}

/** The directory of a generated set whose only options are its counts and seed, made once per (set, settings) under `generatedDir`. */
export async function generatedDir(name: string, options: DatasetOpenOptions, make: (dir: string, g: GenerateSettings) => Promise<unknown>): Promise<string> {
  const g = requireGenerate(name, options);
  return madeOnce(path.join(options.generatedDir, `${name}-${g.train}-${g.test}-s${g.seed}`), (dir) => make(dir, g));
}

export function requireGenerate(name: string, options: DatasetOpenOptions): GenerateSettings {
  if (!options.generate) throw new ConfigError(`dataset.generate {train, test, seed} is required for '${name}'`);
  return options.generate;
}
