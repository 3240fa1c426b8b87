import { describeModel } from '../describe';
import { applyPlan } from '../surgery/remove-filters';
import { countModel, MAC_FORMULA } from './counter';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** An independent oracle: VGG-16-style conv MACs/params from a plain list of [size, cin, cout]. */
function convTotals(layers: [number, number, number][], kernel = 3): { macs: number; params: number } {
  return layers.reduce(
    (acc, [size, cin, cout]) => ({ macs: acc.macs + size * size * kernel * kernel * cin * cout, params: acc.params + kernel * kernel * cin * cout }),
    { macs: 0, params: 0 },
  );
}

function vggConvs(widths: number[], input: number, inChannels = 3): [number, number, number][] {
  const poolAfter = new Set([1, 3, 6, 9, 12]);
  const out: [number, number, number][] = [];
  let size = input;
  let cin = inChannels;
  widths.forEach((cout, i) => {
    out.push([size, cin, cout]);
    cin = cout;
    if (poolAfter.has(i)) size = Math.ceil(size / 2);
  });
  return out;
}

const VGG_WIDTHS = [64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512];

describe('countModel', () => {
  it('reports 14,987,722 parameters and 313.5 M MACs for VGG-16 (CIFAR) at width 1.0', () => {
    const count = countModel(describeModel('vgg16'));
    expect(count.params).toBe(14_987_722);
    const conv = convTotals(vggConvs(VGG_WIDTHS, 32));
    expect(count.macs).toBe(conv.macs + 512 * 512 + 512 * 10);
    expect((count.macs / 1e6).toFixed(1)).toBe('313.5');
    // BN moving statistics are not trainable: 2 per channel of 13 convs and fc1.
    expect(count.nonTrainableParams).toBe(2 * (VGG_WIDTHS.reduce((a, b) => a + b, 0) + 512));
  });

  it("puts Li et al.'s VGG-16-pruned-A at 5.40 M parameters and 2.06e8 MACs", () => {
    const plan = [
      { layer: 'conv1_1', keptFilters: range(32) },
      ...['conv4_1', 'conv4_2', 'conv4_3', 'conv5_1', 'conv5_2', 'conv5_3'].map((layer) => ({ layer, keptFilters: range(256) })),
    ];
    const count = countModel(applyPlan(describeModel('vgg16'), plan));
    expect(count.params).toBe(5_397_034);
    expect((count.params / 1e6).toFixed(2)).toBe('5.40');
    expect(count.macs / 2.06e8).toBeGreaterThan(0.995);
    expect(count.macs / 2.06e8).toBeLessThan(1.005);
    const widths = [32, 64, 128, 128, 256, 256, 256, 256, 256, 256, 256, 256, 256];
    expect(count.macs).toBe(convTotals(vggConvs(widths, 32)).macs + 256 * 512 + 512 * 10);
  });

  it('reports about 11.17 M parameters and 0.56 G MACs for CIFAR ResNet-18', () => {
    const count = countModel(describeModel('resnet18'));
    expect(count.params).toBe(11_173_962);
    expect((count.macs / 1e9).toFixed(2)).toBe('0.56');
  });

  it('counts FCN-32s from the description alone, matching an independent formula at 512×512', () => {
    const count = countModel(describeModel('fcn32s'));
    const convs = vggConvs(VGG_WIDTHS, 512);
    const body = convTotals(convs);
    const bodyBiases = VGG_WIDTHS.reduce((a, b) => a + b, 0);
    const fc6 = 7 * 7 * 512 * 4096 + 4096;
    const fc7 = 4096 * 4096 + 4096;
    const score = 4096 * 21 + 21;
    expect(count.params).toBe(body.params + bodyBiases + fc6 + fc7 + score);
    expect(count.nonTrainableParams).toBe(64 * 64 * 21 * 21); // the fixed bilinear upsampling
    const coarse = 16 * 16; // 512 / 32
    expect(count.macs).toBe(body.macs + coarse * (49 * 512 * 4096 + 4096 * 4096 + 4096 * 21) + coarse * 64 * 64 * 21 * 21);
  });

  it('follows the width multiplier with round(channels · width), at least 1, and leaves the classifier alone', () => {
    const half = describeModel('vgg16', { width: 0.5 });
    const tiny = describeModel('vgg16', { width: 0.001, numClasses: 7 });
    const filters = (d: typeof half, name: string): number => {
      const n = d.nodes.find((x) => x.name === name);
      return n?.kind === 'conv' ? n.filters : n?.kind === 'dense' ? n.units : -1;
    };
    expect(filters(half, 'conv1_1')).toBe(32);
    expect(filters(half, 'fc1')).toBe(256);
    expect(filters(half, 'fc2')).toBe(10);
    expect(filters(tiny, 'conv5_3')).toBe(1);
    expect(filters(tiny, 'fc2')).toBe(7);
    const counted = countModel(half);
    expect(counted.params).toBe(convTotals(vggConvs(VGG_WIDTHS.map((w) => w / 2), 32)).params + 2 * 4224 / 2 + 256 * 256 + 256 + 512 + 256 * 10 + 10);
  });

  it('states its formula', () => {
    expect(MAC_FORMULA).toMatch(/H_out·W_out·k·k·C_in·C_out/);
  });
});
