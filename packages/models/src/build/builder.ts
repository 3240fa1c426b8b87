import * as tf from '@tensorflow/tfjs';
import { inferShapes, shapeContext } from '../description/graph';
import type { ModelDescription } from '../description/types';
import { kindSpec } from '../layers';
import { checkWeights } from '../weights/specs';
import { type Weights, weightName } from '../weights/types';

type SymbolicTensor = tf.SymbolicTensor;

/**
 * The one builder: description + weights → tf.LayersModel (functional API). Layer names are node names, so the
 * model's weight names are the keys of `weights`; the model gets copies of the values (the caller keeps its own).
 * An `outputActivation` (an imported classifier's softmax) becomes an Activation layer after the output node.
 */
export function buildModel(description: ModelDescription, weights: Weights): tf.LayersModel {
  checkWeights(description, weights);
  const shapes = inferShapes(description);
  const outputs = new Map<string, SymbolicTensor>();
  const layers: { name: string; layer: tf.layers.Layer }[] = [];
  let input: SymbolicTensor | undefined;
  for (const node of description.nodes) {
    if (node.kind === 'input') {
      input = tf.input({ shape: node.shape, name: node.name });
      outputs.set(node.name, input);
      continue;
    }
    const layer = kindSpec(node).toLayer(node, shapeContext(node, shapes));
    const args = node.inputs.map((n) => outputs.get(n) as SymbolicTensor);
    outputs.set(node.name, layer.apply(args.length === 1 ? args[0] : args) as SymbolicTensor);
    layers.push({ name: node.name, layer });
  }
  let output = outputs.get(description.output) as SymbolicTensor;
  if (description.outputActivation) {
    const names = new Set(description.nodes.map((n) => n.name));
    let name = `${description.output}_${description.outputActivation}`;
    for (let i = 1; names.has(name); i++) name = `${description.output}_${description.outputActivation}_${i}`;
    output = tf.layers.activation({ name, activation: description.outputActivation }).apply(output) as SymbolicTensor;
  }
  const model = tf.model({ inputs: input as SymbolicTensor, outputs: output, name: description.architecture });
  for (const { name, layer } of layers) {
    if (layer.weights.length === 0) continue;
    // Layer weights are named `${layer}/${param}`; match by the original (un-uniquified) name.
    layer.setWeights(
      layer.weights.map((w) => {
        const param = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
        return weights[weightName(name, param)];
      }),
    );
  }
  return model;
}

/** The weights of a model built by `buildModel` (or loaded from its files), as independent copies. */
export function modelWeights(model: tf.LayersModel): Weights {
  const out: Weights = {};
  for (const layer of model.layers) {
    const values = layer.getWeights();
    layer.weights.forEach((w, i) => {
      out[w.originalName] = tf.clone(values[i]);
    });
  }
  return out;
}
