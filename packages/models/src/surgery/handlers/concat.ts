import type { ConcatNode } from '../../description/types';
import { concatOffsets } from '../../layers/concat';
import { lastDim } from '../../layers/kind-spec';
import type { SurgeryHandler } from '../handler';

/**
 * Input i's channels sit at [offset_i, offset_i + C_i) of the concatenation: every affected input keeps its kept
 * channels shifted by its offset, every other input keeps all of its channels.
 */
export const concatSurgery: SurgeryHandler<ConcatNode> = {
  removeInputs(node, keep, ctx) {
    const shapes = ctx.inputShapes ?? [ctx.inputShape];
    const keeps = ctx.inputKeeps ?? shapes.map((_, j) => (j === (ctx.inputIndex ?? 0) ? keep : undefined));
    const offsets = concatOffsets(shapes);
    const passOn: number[] = [];
    shapes.forEach((s, j) => {
      const kept = keeps[j];
      if (kept) for (const k of kept) passOn.push(offsets[j] + k);
      else for (let c = 0; c < lastDim(s); c++) passOn.push(offsets[j] + c);
    });
    return { node, passOn };
  },
};
