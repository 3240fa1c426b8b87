/**
 * A transposed-conv kernel (tfjs layout [kh, kw, out, in]) that is one [kh, kw] filter applied to each channel on
 * its own (zero off the channel diagonal, the same filter on it), as FCN's fixed bilinear upsampling is: the filter,
 * else null. Such a kernel can run per channel — C× fewer multiply-adds than the full C×C product, with the same
 * sums. By MAC count the full product is a fifth of FCN-32s-BN ×0.0625's forward pass at 96 px; measured, training
 * gains less than a tenth and onnxruntime about nothing (tools/bench/upsample.ts).
 */
export function perChannelFilter(kernel: ArrayLike<number>, shape: readonly number[]): Float32Array | null {
  const [kh, kw, out, inC] = shape;
  if (shape.length !== 4 || out !== inC || out < 2) return null;
  const filter = new Float32Array(kh * kw);
  for (let t = 0; t < kh * kw; t++) {
    const base = t * out * inC;
    filter[t] = kernel[base];
    for (let o = 0; o < out; o++) {
      for (let i = 0; i < inC; i++) {
        const v = kernel[base + o * inC + i];
        if (o === i ? v !== filter[t] : v !== 0) return null;
      }
    }
  }
  return filter;
}
