import { createHash } from 'crypto';
import * as fs from 'fs';
import { SPEC_JSON } from './checkpoint';
import { MODEL_JSON, modelJsonPath, shardPath } from './file-io';

/**
 * Recognises the files this project writes, so a command may replace its own earlier output and nothing else
 * (the output rule of @l2p/runtime's checkOwnedOutputDir / checkOwnedOutputFile).
 */

/** `producer_name` (field 2, length-delimited) 'learn-to-prune', as graph-builder.ts writes it. */
const ONNX_PRODUCER = Buffer.from([0x12, 14, ...Buffer.from('learn-to-prune')]);

/** Whether `file` is an ONNX model exported here (its producer name is near the start: field 1 is a small varint). */
export function isOwnOnnx(file: string): boolean {
  const head = Buffer.alloc(64);
  const fd = fs.openSync(file, 'r');
  try {
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).includes(ONNX_PRODUCER);
  } finally {
    fs.closeSync(fd);
  }
}

/** Whether `file` is a model.json written by saveModel (it carries userDefinedMetadata.l2p). */
export function isOwnModelJson(file: string): boolean {
  try {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { userDefinedMetadata?: { l2p?: unknown } };
    return json.userDefinedMetadata?.l2p !== undefined;
  } catch {
    return false;
  }
}

/** The entries saveModel writes into a model directory: model.json (recognised by content), spec.json, the shards. */
export function isOwnModelEntry(name: string, full: string): boolean {
  if (name === MODEL_JSON) return isOwnModelJson(full);
  return name === SPEC_JSON || /^group\d+-shard\d+of\d+\.bin$/.test(name);
}

/**
 * sha256 of a saved model's bytes: model.json, then its weight shards in manifest order (paths checked by
 * shardPath). What a run records to know the model it belongs to, whatever its file is called.
 */
export function hashModelFiles(location: string): string {
  const file = modelJsonPath(location);
  const text = fs.readFileSync(file);
  const hash = createHash('sha256').update(text);
  let manifest: { paths?: unknown }[] = [];
  try {
    manifest = (JSON.parse(text.toString('utf8')) as { weightsManifest?: { paths?: unknown }[] }).weightsManifest ?? [];
  } catch {
    // Not JSON: the bytes alone identify it, and loading it reports the problem.
  }
  for (const group of manifest) {
    for (const p of Array.isArray(group.paths) ? (group.paths as string[]) : []) {
      const shard = shardPath(file, p);
      if (fs.existsSync(shard)) hash.update(fs.readFileSync(shard));
    }
  }
  return hash.digest('hex');
}
