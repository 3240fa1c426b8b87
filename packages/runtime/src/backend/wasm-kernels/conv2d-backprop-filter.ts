/**
 * Conv2DBackpropFilter (dW) for wasm, which ships without one, so no conv net can train there as shipped.
 *
 * dW[i, j, c, o] = Σ_{b,p,q} x[b, p·sh + i − top, q·sw + j − left, c] · dy[b, p, q, o]. Read with c as the batch,
 * b as the input channel and dy as a filter of size oh×ow dilated by the forward stride, this is one stride-1 conv
 * of x transposed to [C, H, W, B] with dy transposed to [oh, ow, B, O]; its [C, kh, kw, O] output is transposed
 * back to [kh, kw, C, O]. XNNPACK's conv then does the work instead of a naive loop.
 */
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from '../../errors';
import { overrideConfig, pair, withScratch, type OverrideConfig } from './compose';

export function conv2dBackpropFilter(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const backend = args.backend as tf.KernelBackend;
  const { x, dy } = args.inputs as tf.Conv2DBackpropFilterInputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (x === undefined || dy === undefined) throw new Error('Conv2DBackpropFilter needs inputs x and dy');
  if (dataFormat !== 'NHWC') {
    throw new BackendUnavailableError(
      `wasm Conv2DBackpropFilter supports dataFormat 'NHWC' only, got '${dataFormat}'`,
      "Use channelsLast layers, or the 'cpu' backend.",
    );
  }
  const xShape = x.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad, dimRoundingMode);
  const [, inH, inW, inC] = xShape;
  const [kh, kw] = [info.filterHeight, info.filterWidth];
  const [sh, sw] = pair(strides);
  const { top, left } = info.padInfo;
  // Pad the far side just enough for a kh×kw output; 'valid' convs that skip trailing rows overshoot instead.
  const bottom = Math.max(0, kh + sh * (info.outHeight - 1) - inH - top);
  const right = Math.max(0, kw + sw * (info.outWidth - 1) - inW - left);
  return withScratch(backend, (s) => {
    const xT = s.run('Transpose', { x }, { perm: [3, 1, 2, 0] });
    const dyT = s.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
    let dw = s.run(
      'Conv2D',
      { x: xT, filter: dyT },
      {
        strides: [1, 1],
        pad: [
          [0, 0],
          [top, bottom],
          [left, right],
          [0, 0],
        ],
        dilations: [sh, sw],
        dataFormat: 'NHWC',
      },
    );
    if (dw.shape[1] !== kh || dw.shape[2] !== kw) {
      dw = s.run('Slice', { x: dw }, { begin: [0, 0, 0, 0], size: [inC, kh, kw, info.outChannels] });
    }
    return s.run('Transpose', { x: dw }, { perm: [1, 2, 0, 3] });
  });
}

export function conv2dBackpropFilterConfig(builtin: tf.KernelConfig | undefined): OverrideConfig {
  return overrideConfig(tf.Conv2DBackpropFilter, builtin, conv2dBackpropFilter);
}
