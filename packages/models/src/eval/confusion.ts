import { DataFormatError } from '@l2p/runtime';
import { IGNORE_LABEL } from '../train/loss';

/**
 * A confusion matrix over labelled pixels (or images): rows are true classes, columns predictions. Labels equal to
 * `ignoreLabel` are skipped. Metrics follow Long et al. 2015 (FCN): accuracy Σ n_ii / Σ t_i (pixel accuracy over pixels) and
 * IU_i = n_ii / (t_i + Σ_j n_ji − n_ii), mean IU over the classes that occur in the labels or the predictions.
 */
export class ConfusionMatrix {
  readonly counts: Float64Array;

  constructor(
    readonly numClasses: number,
    readonly ignoreLabel = IGNORE_LABEL,
  ) {
    this.counts = new Float64Array(numClasses * numClasses);
  }

  add(labels: ArrayLike<number>, predictions: ArrayLike<number>): void {
    if (labels.length !== predictions.length) {
      throw new DataFormatError(`confusion matrix: ${labels.length} labels but ${predictions.length} predictions`);
    }
    const n = this.numClasses;
    for (let i = 0; i < labels.length; i++) {
      const t = labels[i];
      if (t === this.ignoreLabel) continue;
      if (!(t >= 0 && t < n)) {
        throw new DataFormatError(`label ${t} at position ${i} is outside [0, ${n}) and is not the ignore label ${this.ignoreLabel}`);
      }
      this.counts[t * n + predictions[i]] += 1;
    }
  }

  total(): number {
    return this.counts.reduce((a, b) => a + b, 0);
  }

  /**
   * Σ n_ii / Σ t_i, the fraction of labelled items predicted right: top-1 accuracy when the items are images
   * (classification), pixel accuracy when they are pixels (segmentation).
   */
  accuracy(): number {
    let diag = 0;
    for (let i = 0; i < this.numClasses; i++) diag += this.counts[i * this.numClasses + i];
    const total = this.total();
    return total > 0 ? diag / total : NaN;
  }

  /** IU per class; null for a class absent from both labels and predictions. */
  iou(): (number | null)[] {
    const n = this.numClasses;
    return Array.from({ length: n }, (_, c) => {
      let row = 0;
      let col = 0;
      for (let j = 0; j < n; j++) {
        row += this.counts[c * n + j];
        col += this.counts[j * n + c];
      }
      const tp = this.counts[c * n + c];
      const union = row + col - tp;
      return union > 0 ? tp / union : null;
    });
  }

  meanIoU(): number {
    const present = this.iou().filter((v): v is number => v !== null);
    return present.length > 0 ? present.reduce((a, b) => a + b, 0) / present.length : NaN;
  }
}
