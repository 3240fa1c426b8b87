import { kindSpec, type ShapeContext } from '../layers';
import type { LayerNode, ModelDescription, Shape } from './types';

/** Name → node. Throws on an unknown name with the list of what exists nearby. */
export function nodeByName(description: ModelDescription): (name: string) => LayerNode {
  const map = new Map(description.nodes.map((n) => [n.name, n]));
  return (name) => {
    const node = map.get(name);
    if (!node) throw new Error(`${description.architecture}: no layer named '${name}'`);
    return node;
  };
}

/** Name → names of the nodes that take it as an input, in description order. */
export function consumersByName(description: ModelDescription): Map<string, string[]> {
  const consumers = new Map<string, string[]>(description.nodes.map((n) => [n.name, []]));
  for (const node of description.nodes) {
    for (const input of node.inputs) consumers.get(input)?.push(node.name);
  }
  return consumers;
}

/** Output shape (per image, without the batch axis) of every node, from the description alone. */
export function inferShapes(description: ModelDescription): Map<string, Shape> {
  const shapes = new Map<string, Shape>();
  const shapeOf = (name: string): Shape => {
    const shape = shapes.get(name);
    if (!shape) throw new Error(`${description.architecture}: '${name}' is used before it is defined`);
    return shape;
  };
  for (const node of description.nodes) {
    const ctx: ShapeContext = { inputs: node.inputs.map(shapeOf), shapeOf };
    shapes.set(node.name, kindSpec(node).outputShape(node, ctx));
  }
  return shapes;
}

/** The shape context of one node given all shapes. */
export function shapeContext(node: LayerNode, shapes: Map<string, Shape>): ShapeContext {
  const shapeOf = (name: string): Shape => {
    const s = shapes.get(name);
    if (!s) throw new Error(`no shape for '${name}'`);
    return s;
  };
  return { inputs: node.inputs.map(shapeOf), shapeOf };
}
