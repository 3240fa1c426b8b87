import { ConfigError } from '@l2p/runtime';
import * as fs from 'fs';
import * as path from 'path';
import type { DatasetOpenOptions, GenerateSettings } from './dataset-entry';

const COMPLETE = '.complete';

/**
 * The directory of a generated set, made once per (set, settings) under `generatedDir`: `make` writes into it, and
 * a marker written last says it is complete, so a run killed while generating starts the set again.
 */
export async function generatedDir(name: string, options: DatasetOpenOptions, make: (dir: string, g: GenerateSettings) => Promise<unknown>): Promise<string> {
  const g = options.generate;
  if (!g) throw new ConfigError(`dataset.generate {train, test, seed} is required for '${name}'`);
  const dir = path.join(options.generatedDir, `${name}-${g.train}-${g.test}-s${g.seed}`);
  if (!fs.existsSync(path.join(dir, COMPLETE))) {
    fs.rmSync(dir, { recursive: true, force: true });
    await make(dir, g);
    fs.writeFileSync(path.join(dir, COMPLETE), '');
  }
  return dir;
}
