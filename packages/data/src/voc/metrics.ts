/**
 * Segmentation metrics as in FCN (Long et al. 2015, section 5), as pure functions on typed arrays:
 * a confusion matrix over the classes with void pixels skipped, and scores derived from it.
 */

/** Row = true class, column = predicted class; counts of pixels. */
export type ConfusionMatrix = Float64Array;

export function createConfusionMatrix(classes: number): ConfusionMatrix {
  return new Float64Array(classes * classes);
}

/**
 * Adds one prediction/label pair (flat, same length) to `matrix`. Pixels labelled `voidLabel` are skipped;
 * any other label or prediction outside [0, classes) is a RangeError, since it would silently distort the scores.
 */
export function accumulateConfusion(
  matrix: ConfusionMatrix,
  predictions: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
  voidLabel = 255,
): ConfusionMatrix {
  if (matrix.length !== classes * classes) throw new RangeError(`confusion matrix has ${matrix.length} cells, expected ${classes}² = ${classes * classes}`);
  if (predictions.length !== labels.length) {
    throw new RangeError(`predictions (${predictions.length}) and labels (${labels.length}) differ in length`);
  }
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i];
    if (t === voidLabel) continue;
    const p = predictions[i];
    if (!(t >= 0 && t < classes && Number.isInteger(t))) throw new RangeError(`label ${t} at index ${i} is not a class 0–${classes - 1} or void ${voidLabel}`);
    if (!(p >= 0 && p < classes && Number.isInteger(p))) throw new RangeError(`prediction ${p} at index ${i} is not a class 0–${classes - 1}`);
    matrix[t * classes + p] += 1;
  }
  return matrix;
}

export function confusionMatrix(predictions: ArrayLike<number>, labels: ArrayLike<number>, classes: number, voidLabel = 255): ConfusionMatrix {
  return accumulateConfusion(createConfusionMatrix(classes), predictions, labels, classes, voidLabel);
}

export interface SegmentationScores {
  /** Correct pixels / counted pixels. */
  readonly pixelAccuracy: number;
  /** Mean over classes of per-class pixel accuracy, classes absent from the labels skipped. */
  readonly meanAccuracy: number;
  /** Mean of `classIU` over classes whose IU is defined (present in labels or predictions), as FCN's nanmean. */
  readonly meanIU: number;
  /** Intersection over union per class: TP / (TP + FP + FN); NaN for a class in neither labels nor predictions. */
  readonly classIU: readonly number[];
  /** Per-class IU weighted by the class's share of labelled pixels. */
  readonly frequencyWeightedIU: number;
  /** Pixels counted (void excluded). */
  readonly pixels: number;
}

function nanMean(values: readonly number[]): number {
  const defined = values.filter((v) => !Number.isNaN(v));
  return defined.length > 0 ? defined.reduce((a, b) => a + b, 0) / defined.length : NaN;
}

export function segmentationScores(matrix: ConfusionMatrix, classes: number): SegmentationScores {
  if (matrix.length !== classes * classes) throw new RangeError(`confusion matrix has ${matrix.length} cells, expected ${classes * classes}`);
  let total = 0;
  let correct = 0;
  const rowSum = new Array<number>(classes).fill(0);
  const colSum = new Array<number>(classes).fill(0);
  for (let t = 0; t < classes; t++) {
    for (let p = 0; p < classes; p++) {
      const v = matrix[t * classes + p];
      rowSum[t] += v;
      colSum[p] += v;
      total += v;
    }
    correct += matrix[t * classes + t];
  }
  const classIU: number[] = [];
  const classAcc: number[] = [];
  let fw = 0;
  for (let c = 0; c < classes; c++) {
    const tp = matrix[c * classes + c];
    const union = rowSum[c] + colSum[c] - tp;
    const iu = union > 0 ? tp / union : NaN;
    classIU.push(iu);
    classAcc.push(rowSum[c] > 0 ? tp / rowSum[c] : NaN);
    if (rowSum[c] > 0 && total > 0) fw += (rowSum[c] / total) * iu;
  }
  return {
    pixelAccuracy: total > 0 ? correct / total : NaN,
    meanAccuracy: nanMean(classAcc),
    meanIU: nanMean(classIU),
    classIU,
    frequencyWeightedIU: total > 0 ? fw : NaN,
    pixels: total,
  };
}
