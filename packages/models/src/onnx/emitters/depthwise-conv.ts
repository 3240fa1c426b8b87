import type { DepthwiseConvNode } from '../../description/types';
import { DEPTHWISE_KERNEL } from '../../layers/depthwise-conv';
import type { OnnxEmitter } from '../emit-context';
import { emitConvOp } from './conv';

/**
 * Depthwise conv = Conv with group = C: tfjs kernel [kh, kw, C, 1] → ONNX [C, 1, kh, kw]; a following BN folded
 * (channel c of the kernel is flat index c modulo C, as foldNorm assumes).
 */
export const depthwiseConvEmitter: OnnxEmitter<DepthwiseConvNode> = {
  emit: (node, [x], ctx) => emitConvOp(node, x, ctx, DEPTHWISE_KERNEL, [2, 3, 0, 1], ctx.weight(DEPTHWISE_KERNEL).shape[2]),
};
