import { DataFormatError } from '@l2p/runtime';
import { inferShapes, shapeContext } from '../description/graph';
import type { ModelDescription } from '../description/types';
import { type InitKind, kindSpec } from '../layers';
import { type Weights, weightName } from './types';

export interface NamedWeightSpec {
  /** `${layer}/${param}` */
  name: string;
  layer: string;
  param: string;
  shape: number[];
  trainable: boolean;
  init: InitKind;
}

/** Every weight the description implies, in description order. */
export function weightSpecs(description: ModelDescription): NamedWeightSpec[] {
  const shapes = inferShapes(description);
  return description.nodes.flatMap((node) =>
    kindSpec(node)
      .weights(node, shapeContext(node, shapes))
      .map((w) => ({ ...w, name: weightName(node.name, w.param), layer: node.name })),
  );
}

/** Throws DataFormatError if `weights` does not hold exactly the description's weights with its shapes. */
export function checkWeights(description: ModelDescription, weights: Weights, source = 'weights'): void {
  const specs = weightSpecs(description);
  const expected = new Set(specs.map((s) => s.name));
  for (const s of specs) {
    const t = weights[s.name];
    if (!t) throw new DataFormatError(`${source}: missing weight '${s.name}' of ${description.architecture}`);
    if (t.shape.join() !== s.shape.join()) {
      throw new DataFormatError(`${source}: weight '${s.name}' has shape [${t.shape.join(', ')}], the description needs [${s.shape.join(', ')}]`);
    }
  }
  const extra = Object.keys(weights).filter((k) => !expected.has(k));
  if (extra.length > 0) throw new DataFormatError(`${source}: weights not in the description: ${extra.slice(0, 5).join(', ')}`);
}
