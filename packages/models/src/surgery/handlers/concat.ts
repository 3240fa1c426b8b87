import type { ConcatNode } from '../../description/types';
import { concatOffsets } from '../../layers/concat';
import { lastDim } from '../../layers/kind-spec';
import type { SurgeryHandler } from '../handler';

/**
 * Input i's channels sit at [offset_i, offset_i + C_i) of the concatenation: a removal arriving through it keeps
 * every other input's channels and the kept ones of this input, shifted by its offset.
 */
export const concatSurgery: SurgeryHandler<ConcatNode> = {
  removeInputs(node, keep, ctx) {
    const shapes = ctx.inputShapes ?? [ctx.inputShape];
    const i = ctx.inputIndex ?? 0;
    const offsets = concatOffsets(shapes);
    const passOn: number[] = [];
    shapes.forEach((s, j) => {
      if (j === i) for (const k of keep) passOn.push(offsets[j] + k);
      else for (let c = 0; c < lastDim(s); c++) passOn.push(offsets[j] + c);
    });
    return { node, passOn };
  },
};
