import { generateVoc } from '../generate/voc';
import { openVoc } from '../voc/read';
import type { DatasetEntry } from './dataset-entry';
import { generatedDir } from './generated-dir';

export const generatedVoc: DatasetEntry = {
  name: 'generated-voc',
  task: 'segmentation',
  description: 'generated scenes of textured shapes in the VOC 2012 layout (JPEG + palette PNG), made from dataset.generate',
  async open(options) {
    const dir = await generatedDir('generated-voc', options, async (out, g) => {
      // Images no larger than the crop size, so evaluation can pad every image to one square input.
      const side = options.cropSize ?? 128;
      await generateVoc(out, { seed: g.seed, train: g.train, val: g.test, minSide: Math.max(16, Math.floor(side / 2)), maxSide: side });
    });
    const data = openVoc(dir);
    return { task: 'segmentation', data, files: [data.root] };
  },
};
