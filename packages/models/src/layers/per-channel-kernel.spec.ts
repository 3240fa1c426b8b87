import { perChannelFilter } from './per-channel-kernel';

/** A tfjs-layout [k, k, c, c] kernel with `filter` on the channel diagonal and zeros elsewhere. */
function diagonal(filter: readonly number[], k: number, c: number): Float32Array {
  const kernel = new Float32Array(k * k * c * c);
  for (let t = 0; t < k * k; t++) for (let i = 0; i < c; i++) kernel[t * c * c + i * c + i] = filter[t];
  return kernel;
}

describe('perChannelFilter', () => {
  const filter = [0.25, 0.5, 0.75, 1];

  it('returns the one filter of a diagonal kernel with the same filter on every channel', () => {
    expect(Array.from(perChannelFilter(diagonal(filter, 2, 3), [2, 2, 3, 3]) ?? [])).toEqual(filter);
  });

  it('refuses a kernel that mixes channels, one whose channels differ, and non-square channel counts', () => {
    const mixing = diagonal(filter, 2, 3);
    mixing[1] = 0.1; // tap 0, output 0 ← input 1
    expect(perChannelFilter(mixing, [2, 2, 3, 3])).toBeNull();
    const differing = diagonal(filter, 2, 3);
    differing[3 * 3 + 2 * 3 + 2] = 0.4; // tap 1, channel 2 on the diagonal
    expect(perChannelFilter(differing, [2, 2, 3, 3])).toBeNull();
    expect(perChannelFilter(new Float32Array(2 * 2 * 3 * 2), [2, 2, 3, 2])).toBeNull();
  });
});
