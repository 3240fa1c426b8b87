import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, DataFormatError, DataMissingError, isWithin, writeDirAtomic } from '@l2p/runtime';

/** tfjs's conventional shard size (as written by tfjs-node and the converter). */
export const SHARD_BYTES = 4 * 1024 * 1024;
export const MODEL_JSON = 'model.json';

/** Extra files written into the same atomic directory (e.g. the plan, optimizer state). */
export type ExtraFiles = Record<string, string | Uint8Array>;

/**
 * Writes model artifacts as `dir/model.json` + `group1-shard{i}of{n}.bin`, replacing `dir` atomically; `extra`
 * files go in beside them. model.json is written last, so a directory with a model.json is complete.
 */
export async function writeArtifacts(dir: string, artifacts: tf.io.ModelArtifacts, extra: ExtraFiles = {}): Promise<void> {
  if (!artifacts.modelTopology || !artifacts.weightSpecs) {
    throw new Error(`saving to ${dir}: model artifacts without topology or weight specs`);
  }
  const data = new Uint8Array(artifacts.weightData ? tf.io.CompositeArrayBuffer.join(artifacts.weightData) : new ArrayBuffer(0));
  const count = Math.max(1, Math.ceil(data.byteLength / SHARD_BYTES));
  const paths = Array.from({ length: count }, (_, i) => `group1-shard${i + 1}of${count}.bin`);
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths, weights: artifacts.weightSpecs }],
  };
  if (artifacts.userDefinedMetadata) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
  await writeDirAtomic(dir, (temp) => {
    paths.forEach((p, i) => fs.writeFileSync(path.join(temp, p), data.subarray(i * SHARD_BYTES, (i + 1) * SHARD_BYTES)));
    for (const [name, content] of Object.entries(extra)) fs.writeFileSync(path.join(temp, name), content);
    fs.writeFileSync(path.join(temp, MODEL_JSON), JSON.stringify(modelJson));
  });
}

/** `dir` or `dir/model.json` → the model.json path. */
export function modelJsonPath(location: string): string {
  return location.endsWith('.json') ? location : path.join(location, MODEL_JSON);
}

/** Reads model.json and its weight shards back into model artifacts. */
export async function readArtifacts(location: string): Promise<tf.io.ModelArtifacts> {
  const file = modelJsonPath(location);
  if (!fs.existsSync(file)) {
    throw new DataMissingError(`no model at ${location}: ${file} does not exist`, 'give a checkpoint directory written by saveModel or model.save(\'file://…\')');
  }
  let modelJson: tf.io.ModelJSON;
  try {
    modelJson = JSON.parse(fs.readFileSync(file, 'utf8')) as tf.io.ModelJSON;
  } catch (err) {
    throw new DataFormatError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (!modelJson.modelTopology || !Array.isArray(modelJson.weightsManifest)) {
    throw new DataFormatError(`${file}: needs modelTopology and weightsManifest (tfjs layers-model format)`);
  }
  return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
    const paths = manifest.map((group) => group.paths.map((p) => shardPath(file, p)));
    const buffers = manifest.flatMap((group, g) => {
      const shards = paths[g].map((shard) => {
        if (!fs.existsSync(shard)) throw new DataMissingError(`${file}: weight shard ${shard} is missing`);
        const b = fs.readFileSync(shard);
        return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
      });
      checkShardSizes(file, group, shards.map((b) => b.byteLength));
      return shards;
    });
    return [tf.io.getWeightSpecs(manifest), tf.io.CompositeArrayBuffer.join(buffers)];
  });
}

/**
 * The file a weightsManifest path names, which must lie inside the model's folder (below it is fine): a model.json
 * is input, and reading `../../x.bin` or `/etc/passwd` because a file says so reads outside what the user gave.
 * Checked for every shard before any is read; a link inside the folder that leads out of it is refused too.
 */
export function shardPath(file: string, p: string): string {
  const dir = path.dirname(file);
  const refuse = (why: string): never => {
    throw new ConfigError(`${file}: weight shard path '${p}' is ${why}; a model's shards must lie inside its folder ${dir}`);
  };
  if (typeof p !== 'string' || p === '' || path.isAbsolute(p) || !isWithin(path.resolve(dir, p), dir) || path.resolve(dir, p) === dir) refuse('outside the model folder');
  const shard = path.resolve(dir, p);
  if (fs.existsSync(shard)) {
    const real = fs.realpathSync(shard);
    if (!isWithin(real, fs.realpathSync(dir))) refuse(`a link to ${real}, outside the model folder`);
  }
  return shard;
}

type ManifestGroup = tf.io.WeightsManifestConfig[number];

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2 };

/** Bytes a weights-manifest group's weights take, or undefined when a dtype has no fixed size (strings). */
function groupBytes(group: ManifestGroup): number | undefined {
  let total = 0;
  for (const w of group.weights) {
    const bytes = DTYPE_BYTES[w.quantization?.dtype ?? w.dtype];
    if (bytes === undefined) return undefined;
    total += w.shape.reduce((a, b) => a * b, 1) * bytes;
  }
  return total;
}

/**
 * A truncated or swapped shard would otherwise surface as tfjs's "should have 315 values but has 105" with a stack
 * trace. Checks a group's shard sizes against what its weights need, in the usual 4 MiB sharding, and names the
 * first shard that differs with its expected and actual byte counts.
 */
function checkShardSizes(file: string, group: ManifestGroup, sizes: number[]): void {
  const expected = groupBytes(group);
  const actual = sizes.reduce((a, b) => a + b, 0);
  if (expected === undefined || actual === expected) return;
  const perShard = group.paths.map((_, i) => Math.max(0, Math.min(SHARD_BYTES, expected - i * SHARD_BYTES)));
  const i = Math.max(0, sizes.findIndex((size, k) => size !== perShard[k]));
  throw new DataFormatError(
    `${path.join(path.dirname(file), group.paths[i])}: weight shard is ${sizes[i]} bytes, expected ${perShard[i]} ` +
      `(model.json's ${group.weights.length} weights need ${expected} bytes in ${group.paths.length} shard(s), the shards hold ${actual}): truncated, or from another model`,
  );
}

/** An IOHandler for a local directory: `model.save(fileIO(dir))`, `tf.loadLayersModel(fileIO(dir))`. */
export function fileIO(location: string): tf.io.IOHandler {
  return {
    save: async (artifacts) => {
      await writeArtifacts(location, artifacts);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    load: () => readArtifacts(location),
  };
}

const FILE_SCHEME = 'file://';
let registered = false;

/**
 * Registers `file://` save and load routers, so `model.save('file://dir')` and `tf.loadLayersModel('file://dir/model.json')`
 * work without tfjs-node. Idempotent (a second registration would make tfjs find two handlers and refuse).
 */
export function registerFileIO(): void {
  if (registered) return;
  registered = true;
  // reason: tfjs's IORouter type says IOHandler, but routers return null for URLs they do not handle.
  const router = (url: string | string[]): tf.io.IOHandler =>
    (typeof url === 'string' && url.startsWith(FILE_SCHEME) ? fileIO(url.slice(FILE_SCHEME.length)) : null) as tf.io.IOHandler;
  tf.io.registerSaveRouter(router);
  tf.io.registerLoadRouter(router);
}
