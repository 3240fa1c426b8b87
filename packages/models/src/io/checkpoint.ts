import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { DataFormatError } from '@l2p/runtime';
import { architectures } from '../architectures';
import { buildModel } from '../build/builder';
import { describeSpec } from '../describe';
import { type ModelDescription, type ModelSpec, specOf } from '../description/types';
import { validateDescription } from '../description/validate';
import { canonicalJson, upgradeSavedDescription } from './saved-description';
import { checkWeights } from '../weights/specs';
import type { Weights } from '../weights/types';
import { type ExtraFiles, modelJsonPath, readArtifacts, registerFileIO, writeArtifacts } from './file-io';

export const SPEC_JSON = 'spec.json';

/** What @l2p/models puts in model.json's `userDefinedMetadata.l2p`. */
export interface SavedMetadata {
  spec: ModelSpec;
  description: ModelDescription;
}

export interface SavedModel {
  description: ModelDescription;
  /** Owned by the caller. */
  weights: Weights;
}

/**
 * Saves a model as a TensorFlow.js layers model (model.json + weight shards) that plain `tf.loadLayersModel`
 * reads, plus `spec.json` (architecture + pruning plan, replayable). The directory is replaced atomically.
 */
export async function saveModel(dir: string, model: SavedModel, extra: ExtraFiles = {}): Promise<void> {
  registerFileIO();
  const layers = buildModel(model.description, model.weights);
  const spec = specOf(model.description);
  const metadata: SavedMetadata = { spec, description: model.description };
  layers.setUserDefinedMetadata({ l2p: JSON.parse(JSON.stringify(metadata)) });
  let captured: tf.io.ModelArtifacts | undefined;
  await layers.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  layers.dispose();
  await writeArtifacts(dir, captured as tf.io.ModelArtifacts, { ...extra, [SPEC_JSON]: `${JSON.stringify(spec, null, 2)}\n` });
}

/**
 * Loads what `saveModel` wrote: the description (checked against a replay of its plan) and the weights
 * (checked against the description).
 */
export async function loadModel(location: string): Promise<SavedModel> {
  registerFileIO();
  const file = modelJsonPath(location);
  const artifacts = await readArtifacts(location);
  const meta = (artifacts.userDefinedMetadata as { l2p?: SavedMetadata } | undefined)?.l2p;
  if (!meta?.spec || !meta.description) {
    throw new DataFormatError(`${file}: no userDefinedMetadata.l2p {spec, description}; it was not saved by @l2p/models`);
  }
  const stored = upgradeSavedDescription(meta.description);
  let replayed: ModelDescription;
  try {
    // A registered architecture is rebuilt from its spec (the plan replayed) and must match what was stored;
    // a description made by hand (not in the registry) is taken as stored, after validation.
    replayed = architectures.has(meta.spec.architecture) ? describeSpec(meta.spec) : stored;
    validateDescription(replayed);
  } catch (err) {
    throw new DataFormatError(`${file}: its description is not valid or its spec does not replay: ${(err as Error).message}`);
  }
  if (canonicalJson(replayed) !== canonicalJson(stored)) {
    throw new DataFormatError(`${file}: the stored description differs from its spec's replay (architecture ${meta.spec.architecture})`);
  }
  const weights = tf.io.decodeWeights(artifacts.weightData ?? new ArrayBuffer(0), artifacts.weightSpecs ?? []);
  try {
    checkWeights(replayed, weights, file);
  } catch (err) {
    tf.dispose(Object.values(weights));
    throw err;
  }
  return { description: replayed, weights };
}

/** Reads a JSON file written beside a checkpoint (e.g. spec.json). */
export function readCheckpointJson<T>(dir: string, name: string): T {
  const file = path.join(dir, name);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (err) {
    throw new DataFormatError(`${file}: cannot read JSON (${(err as Error).message})`);
  }
}
