/** Pascal VOC 2012 segmentation, as extracted from VOCtrainval_11-May-2012.tar. */
export const VOC_DEVKIT_DIR = 'VOCdevkit';
export const VOC2012_DIR = 'VOC2012';
export const VOC_SPLIT_DIR = 'ImageSets/Segmentation';
export const VOC_IMAGE_DIR = 'JPEGImages';
export const VOC_MASK_DIR = 'SegmentationClass';
export const VOC_SPLITS = ['train', 'val'] as const;
export type VocSplitName = (typeof VOC_SPLITS)[number];
export const VOC_CLASSES = 21;
/** Label of pixels that count nowhere: object boundaries and "difficult" regions. */
export const VOC_VOID = 255;
export const VOC_CLASS_NAMES = [
  'background', 'aeroplane', 'bicycle', 'bird', 'boat', 'bottle', 'bus', 'car', 'cat', 'chair', 'cow',
  'diningtable', 'dog', 'horse', 'motorbike', 'person', 'pottedplant', 'sheep', 'sofa', 'train', 'tvmonitor',
] as const;
/**
 * FCN's mean pixel (Caffe VGG-16: B 104.00699, G 116.66877, R 122.67892), in RGB order, 0–255 units. Inputs are
 * `pixel − mean` without division, as in FCN.
 */
export const VOC_MEAN_RGB: readonly number[] = [122.67892, 116.66877, 104.00699];
export const VOC_FETCH_COMMAND = 'nx run datasets:voc2012';

/** The standard VOC colour map: index i → colour from interleaving i's bits into the high bits of r, g, b. */
export function vocPalette(): number[][] {
  const palette: number[][] = [];
  for (let i = 0; i < 256; i++) {
    let r = 0;
    let g = 0;
    let b = 0;
    let c = i;
    for (let j = 0; j < 8; j++) {
      r |= ((c >> 0) & 1) << (7 - j);
      g |= ((c >> 1) & 1) << (7 - j);
      b |= ((c >> 2) & 1) << (7 - j);
      c >>= 3;
    }
    palette.push([r, g, b]);
  }
  return palette;
}
