import * as fs from 'fs';
import { isOwnModelEntry, isOwnOnnx } from '@l2p/models';
import { LOCKS_DIR, parseJobId, SLURM_DIR } from '@l2p/experiments';
import { REPORT_DIR } from '@l2p/report';
import type { OwnedOutput } from '@l2p/runtime';

function isJobDir(name: string, full: string): boolean {
  try {
    parseJobId(name);
  } catch {
    return false;
  }
  return fs.statSync(full).isDirectory();
}

/**
 * What an experiment's run directory holds (the output rule, checkOwnedOutputDir): experiment.json, base/, one
 * directory per job, locks and Slurm files, the Arrow tables; `l2p prune` adds its run record (`extra`), the report
 * and its index page, and with --model the pruned model (model.json, shards, model.onnx, spec.json), each
 * recognised as written here. Anything else is the user's: `--fresh` would delete it, a run would mix with it.
 */
export function runDirOwner(writer: string, extra: string[] = []): OwnedOutput {
  return {
    writer,
    owns: (name, full) => {
      if (['experiment.json', 'base', 'report', LOCKS_DIR, SLURM_DIR, ...extra].includes(name) || name.endsWith('.arrow')) return true;
      if (name === 'index.html') return REPORT_DIR.owns(name, full);
      if (name === 'model.onnx') return isOwnOnnx(full);
      return isOwnModelEntry(name, full) || isJobDir(name, full);
    },
  };
}
