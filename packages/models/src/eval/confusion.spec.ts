import { DataFormatError } from '@l2p/runtime';
import { ConfusionMatrix } from './confusion';

describe('ConfusionMatrix', () => {
  it('computes pixel accuracy, per-class IU and mean IU as in FCN (hand-worked example), skipping void', () => {
    const m = new ConfusionMatrix(3);
    // labels:      0 0 0 1 1 2 255 255
    // predictions: 0 0 1 1 2 2   0   1
    m.add([0, 0, 0, 1, 1, 2, 255, 255], [0, 0, 1, 1, 2, 2, 0, 1]);
    expect(m.total()).toBe(6);
    expect(m.accuracy()).toBeCloseTo(4 / 6, 12);
    // IU0 = 2/(3+2−2) = 2/3; IU1 = 1/(2+2−1) = 1/3; IU2 = 1/(1+2−1) = 1/2
    const iou = m.iou();
    expect(iou[0]).toBeCloseTo(2 / 3, 12);
    expect(iou[1]).toBeCloseTo(1 / 3, 12);
    expect(iou[2]).toBeCloseTo(1 / 2, 12);
    expect(m.meanIoU()).toBeCloseTo((2 / 3 + 1 / 3 + 1 / 2) / 3, 12);
  });

  it('leaves a class absent from labels and predictions out of the mean', () => {
    const m = new ConfusionMatrix(4);
    m.add([0, 1, 1], [0, 1, 0]);
    expect(m.iou()).toEqual([0.5, 0.5, null, null]);
    expect(m.meanIoU()).toBeCloseTo(0.5, 12);
  });

  it('rejects labels outside the class range that are not void, naming value and position', () => {
    const m = new ConfusionMatrix(3);
    expect(() => m.add([0, 7], [0, 0])).toThrow(DataFormatError);
    expect(() => m.add([0, 7], [0, 0])).toThrow(/label 7 at position 1 is outside \[0, 3\)/);
  });
});
