import type { FlattenNode, Shape } from '../../description/types';
import type { SurgeryHandler } from '../handler';

/**
 * NHWC flatten puts channel c of position p = h·W + w at feature p·C + c. Keeping channels `keep` keeps, for
 * every position in order, those features; their order matches the flatten of the smaller tensor.
 */
export function flattenRows(inputShape: Shape, keep: number[]): number[] {
  if (inputShape.length === 1) return [...keep];
  const channels = inputShape[inputShape.length - 1];
  const positions = inputShape.slice(0, -1).reduce((a, b) => a * b, 1);
  const rows: number[] = [];
  for (let p = 0; p < positions; p++) for (const c of keep) rows.push(p * channels + c);
  return rows;
}

export const flattenSurgery: SurgeryHandler<FlattenNode> = {
  removeInputs: (node, keep, ctx) => ({ node, passOn: flattenRows(ctx.inputShape, keep) }),
};
