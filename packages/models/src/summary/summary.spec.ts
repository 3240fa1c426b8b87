import { applyPlan } from '../surgery/remove-filters';
import { describeModel } from '../describe';
import { formatSummary, summarizeDescription, summarizeModel } from './summary';

describe('summarizeModel', () => {
  it('returns layers, params and MACs as data, and the formatter prints them with the formula', () => {
    const summary = summarizeModel('vgg16');
    expect(summary.params).toBe(14_987_722);
    expect(summary.rows.find((r) => r.name === 'conv1_1')).toMatchObject({ kind: 'conv', outputShape: [32, 32, 64], params: 1728, macs: 1024 * 1728, prunable: true });
    const text = formatSummary(summary);
    expect(text).toMatch(/trainable params: 14,987,722 \(14\.99 M\)/);
    expect(text).toMatch(/MACs per image: 313,463,808 \(313\.46 M\)/);
    expect(text).toMatch(/conv5_3 \*\s+conv\s+3×3 \/1 same, 512 filters/);
    expect(text).toMatch(/MACs: MACs per image = Σ conv/);
  });

  it('follows --width and summarises pruned descriptions', () => {
    expect(summarizeModel('vgg16', { width: 0.25 }).rows.find((r) => r.name === 'conv1_1')?.outputShape).toEqual([32, 32, 16]);
    const pruned = applyPlan(describeModel('resnet18'), [{ layer: 'layer1_0_conv1', keptFilters: [0, 1] }]);
    const s = summarizeDescription(pruned);
    expect(s.pruningSteps).toBe(1);
    expect(formatSummary(s)).toMatch(/pruned in 1 steps/);
    expect(formatSummary(s)).toMatch(/note: Residual-coupled outputs/);
  });
});
