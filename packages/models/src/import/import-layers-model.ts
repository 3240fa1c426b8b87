import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, DataFormatError } from '@l2p/runtime';
import { withUnits } from '../description/channel-groups';
import type { LayerNode, ModelDescription } from '../description/types';
import { validateDescription } from '../description/validate';
import { registerFileIO } from '../io/file-io';
import { checkWeights } from '../weights/specs';
import type { Weights } from '../weights/types';
import { converterFor, type LayerConfig, SUPPORTED_LAYER_CLASSES } from './layer-converters';

/** Architecture names of imported models start with this (never a registry name, so checkpoints keep them as stored). */
export const IMPORTED_PREFIX = 'imported-';

export interface ImportedModel {
  description: ModelDescription;
  /** Owned by the caller. */
  weights: Weights;
}

interface TopologyLayer {
  class_name?: string;
  config?: { name?: string };
}

/** The layer entries of a model.json topology (Sequential or Functional; nested configs of either era). */
function topologyLayers(file: string, json: unknown): TopologyLayer[] {
  const topology = (json as { modelTopology?: { model_config?: unknown } }).modelTopology;
  const root = (topology as { model_config?: unknown } | undefined)?.model_config ?? topology;
  const config = (root as { config?: unknown } | undefined)?.config;
  const layers = Array.isArray(config) ? config : (config as { layers?: unknown } | undefined)?.layers;
  if (!Array.isArray(layers)) throw new DataFormatError(`${file}: no modelTopology with a list of layers; is it a tf.js layers model (model.json)?`);
  return layers as TopologyLayer[];
}

/**
 * Checks every layer class of a model.json against what the import understands, before anything is loaded:
 * an unsupported layer is a ConfigError naming each such layer, its class and the supported classes.
 */
export function checkSupportedLayers(file: string): void {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new DataFormatError(`${file}: cannot read JSON (${(err as Error).message})`);
  }
  const unsupported = topologyLayers(file, json).filter((l) => l.class_name !== 'InputLayer' && !converterFor(l.class_name ?? ''));
  if (unsupported.length > 0) {
    throw new ConfigError(
      `${file}: cannot import ${unsupported.map((l) => `layer '${l.config?.name ?? '?'}' (${l.class_name ?? 'no class'})`).join(', ')}: not a supported layer class`,
      `supported: ${SUPPORTED_LAYER_CLASSES.join(', ')} (and InputLayer)`,
    );
  }
}

/**
 * Imports a tf.js LayersModel (Sequential or Functional; model.json + weight shards) into a description pruned
 * through channel groups, with its weights under our names (`node/param`). One image input [H, W, C], one
 * classification output [classes]; a final softmax becomes `outputActivation`. Refuses what it cannot represent
 * (unsupported classes, shared layers, several inputs or outputs) with a ConfigError naming the layer.
 */
export async function importLayersModel(modelJson: string): Promise<ImportedModel> {
  const file = path.resolve(modelJson);
  if (!fs.existsSync(file)) throw new ConfigError(`--model: ${modelJson} does not exist`);
  checkSupportedLayers(file);
  registerFileIO();
  const model = await tf.loadLayersModel(`file://${file}`);
  const weights: Weights = {};
  try {
    const description = describeLoaded(file, model, weights);
    checkWeights(description, weights, file);
    return { description, weights };
  } catch (err) {
    tf.dispose(Object.values(weights));
    throw err;
  } finally {
    model.dispose();
  }
}

function describeLoaded(file: string, model: tf.LayersModel, weights: Weights): ModelDescription {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new ConfigError(`${file}: the model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; one image input and one output are supported`);
  }
  const inShape = model.inputs[0].shape;
  if (inShape.length !== 4 || inShape.slice(1).some((d) => d === null)) {
    throw new ConfigError(`${file}: the input must be [batch, H, W, C] with H, W, C fixed, got [${inShape.map(String).join(', ')}]`);
  }
  const outShape = model.outputs[0].shape;
  if (outShape.length !== 2 || outShape[1] === null) {
    throw new ConfigError(`${file}: the output must be [batch, classes] (a classifier), got [${outShape.map(String).join(', ')}]`);
  }
  const outputLayer = model.outputs[0].sourceLayer.name;
  const nodes: LayerNode[] = [];
  const carried = new Map<string, string>(); // tf.js layer name → node carrying its output
  let outputActivation: 'softmax' | undefined;
  const addInput = (layer: tf.layers.Layer): void => {
    if (carried.has(layer.name)) return;
    nodes.push({ kind: 'input', name: layer.name, inputs: [], shape: inShape.slice(1) as [number, number, number] });
    carried.set(layer.name, layer.name);
  };
  for (const layer of model.layers) {
    const className = layer.getClassName();
    if (className === 'InputLayer') {
      addInput(layer);
      continue;
    }
    if (layer.inboundNodes.length !== 1) {
      throw new ConfigError(`${file}: layer '${layer.name}' (${className}) is applied ${layer.inboundNodes.length} times; shared layers are not supported`);
    }
    const inbound = layer.inboundNodes[0].inboundLayers;
    for (const l of inbound) if (l.getClassName() === 'InputLayer') addInput(l);
    const inputs = inbound.map((l) => {
      const n = carried.get(l.name);
      if (!n) throw new ConfigError(`${file}: layer '${layer.name}' reads '${l.name}', which comes later in the model`);
      return n;
    });
    const params = new Map<string, tf.Tensor>();
    const values = layer.getWeights();
    layer.weights.forEach((w, i) => params.set(w.originalName.slice(w.originalName.lastIndexOf('/') + 1), values[i]));
    const converter = converterFor(className);
    if (!converter) throw new ConfigError(`${file}: layer '${layer.name}' (${className}) is not supported`, `supported: ${SUPPORTED_LAYER_CLASSES.join(', ')}`);
    const out = converter({ layer, config: layer.getConfig() as LayerConfig, inputs, isOutput: layer.name === outputLayer, weights: params }, tf);
    for (const node of out.nodes) nodes.push(node);
    for (const [key, t] of Object.entries(out.weights)) weights[key] = tf.clone(t);
    // getWeights() gives the variables' own values (the model disposes them); only tensors made here are freed.
    for (const t of Object.values(out.weights)) if (!values.includes(t)) t.dispose();
    carried.set(layer.name, out.output);
    if (out.outputActivation) outputActivation = out.outputActivation;
  }
  const output = carried.get(outputLayer) as string;
  const description: ModelDescription = {
    architecture: `${IMPORTED_PREFIX}${model.name}`,
    variant: `tf.js LayersModel '${model.name}' imported from ${file}`,
    task: 'classification',
    width: 1,
    numClasses: outShape[1] as number,
    inputShape: inShape.slice(1) as [number, number, number],
    nodes,
    output,
    groups: [],
    unprunable: [],
    ...(outputActivation ? { outputActivation } : {}),
    plan: [],
    notes: ['Imported from a tf.js LayersModel; pruned through channel groups (coupled channels removed together).'],
  };
  const grouped = withUnits(description);
  validateDescription(grouped);
  return grouped;
}
