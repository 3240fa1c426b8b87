/**
 * The Pascal VOC colour map (the devkit's `labelcolormap`: bits of the class index spread over R, G and B from
 * the high bit down), used for the legend beside the example segmentations. 255 ("void", object borders) is
 * drawn in the devkit's cream colour.
 */
export const VOC_CLASSES = [
  'background', 'aeroplane', 'bicycle', 'bird', 'boat', 'bottle', 'bus', 'car', 'cat', 'chair', 'cow',
  'diningtable', 'dog', 'horse', 'motorbike', 'person', 'pottedplant', 'sheep', 'sofa', 'train', 'tvmonitor',
] as const;

export function vocColour(index: number): [number, number, number] {
  let r = 0;
  let g = 0;
  let b = 0;
  let c = index;
  for (let j = 0; j < 8; j++) {
    r |= ((c >> 0) & 1) << (7 - j);
    g |= ((c >> 1) & 1) << (7 - j);
    b |= ((c >> 2) & 1) << (7 - j);
    c >>= 3;
  }
  return [r, g, b];
}

export function vocHex(index: number): string {
  return `#${vocColour(index)
    .map((v) => v.toString(16).padStart(2, '0'))
    .join('')}`;
}
