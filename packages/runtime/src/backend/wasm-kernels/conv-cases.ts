/**
 * The convolution geometries the conv-gradient specs check on wasm against cpu: both paddings, strides 1–3,
 * 1×1 stride-2 'valid' on odd sizes (the forward conv skips the last row), ResNet's 7×7 stride 2, non-square
 * inputs, kernels and strides, explicit pads, strides above the kernel size, batch 1 and > 1. (A conv with
 * dilation has no gradient in tfjs; dilation enters here as the dW conv's dilation = the forward stride.)
 */
import type * as tf from '@tensorflow/tfjs';

export interface ConvCase {
  readonly name: string;
  readonly x: [number, number, number, number];
  /** [kh, kw, inChannels, outChannels] */
  readonly filter: [number, number, number, number];
  readonly strides: [number, number];
  readonly pad: 'same' | 'valid' | tf.backend_util.ExplicitPadding;
}

export const CONV_CASES: readonly ConvCase[] = [
  { name: '3×3 s1 same', x: [2, 7, 6, 3], filter: [3, 3, 3, 4], strides: [1, 1], pad: 'same' },
  { name: '3×3 s1 valid', x: [1, 6, 7, 2], filter: [3, 3, 2, 3], strides: [1, 1], pad: 'valid' },
  { name: '3×3 s2 same even', x: [2, 8, 8, 3], filter: [3, 3, 3, 4], strides: [2, 2], pad: 'same' },
  { name: '3×3 s2 same odd', x: [1, 7, 9, 2], filter: [3, 3, 2, 3], strides: [2, 2], pad: 'same' },
  { name: '3×3 s2 valid', x: [2, 8, 7, 3], filter: [3, 3, 3, 2], strides: [2, 2], pad: 'valid' },
  { name: '1×1 s2 valid odd', x: [2, 7, 7, 4], filter: [1, 1, 4, 5], strides: [2, 2], pad: 'valid' },
  { name: '1×1 s2 valid even', x: [1, 8, 6, 3], filter: [1, 1, 3, 4], strides: [2, 2], pad: 'valid' },
  { name: '7×7 s2 same', x: [1, 11, 10, 3], filter: [7, 7, 3, 4], strides: [2, 2], pad: 'same' },
  { name: '5×5 s3 valid', x: [2, 12, 11, 2], filter: [5, 5, 2, 3], strides: [3, 3], pad: 'valid' },
  { name: '2×3 s(1,2) same', x: [2, 6, 9, 3], filter: [2, 3, 3, 2], strides: [1, 2], pad: 'same' },
  {
    name: '3×3 s2 explicit',
    x: [1, 7, 8, 2],
    filter: [3, 3, 2, 3],
    strides: [2, 2],
    pad: [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  },
  {
    name: '3×3 s2 explicit, top pad 2',
    x: [1, 8, 7, 2],
    filter: [3, 3, 2, 3],
    strides: [2, 2],
    pad: [
      [0, 0],
      [2, 1],
      [2, 0],
      [0, 0],
    ],
  },
  { name: '4×4 s4 same', x: [1, 8, 8, 2], filter: [4, 4, 2, 3], strides: [4, 4], pad: 'same' },
  { name: '16×16 s8 same (FCN-8s upsampling)', x: [1, 16, 24, 2], filter: [16, 16, 2, 3], strides: [8, 8], pad: 'same' },
];

export function outputShape(c: ConvCase, info: tf.backend_util.Conv2DInfo): [number, number, number, number] {
  return [c.x[0], info.outHeight, info.outWidth, c.filter[3]];
}
