import * as path from 'path';
import { ConfigError, configHash } from '@l2p/runtime';
import { z } from 'zod';
import { generateMnistSeg, MNIST_SEG_NAME } from '../generate/mnist-seg';
import { openVoc } from '../voc/read';
import type { DatasetEntry } from './dataset-entry';
import { datasetOption, readOption } from './options';

const positiveInt = z.number().int().positive();

/**
 * `dataset.canvas`: how the canvases are drawn (generateMnistSeg's DigitCanvasOptions; omitted keys take its
 * defaults). The canvas side is `dataset.cropSize`.
 */
const canvas = datasetOption(
  z
    .object({
      minDigits: positiveInt,
      maxDigits: positiveInt,
      minDigitSize: z.number().gt(0).max(1),
      maxDigitSize: z.number().gt(0).max(1),
      bold: z.number().int().nonnegative(),
      strokeThreshold: z.number().gt(0).lt(1),
      voidBand: z.number().int().nonnegative(),
      noise: z.number().int().nonnegative(),
    })
    .partial()
    .strict(),
);

export const mnistSeg: DatasetEntry = {
  name: MNIST_SEG_NAME,
  task: 'segmentation',
  description: 'MNIST digits on textured canvases in the VOC 2012 layout (11 classes), made from dataset.generate, cropSize and dataset.canvas',
  options: { canvas },
  async open(options) {
    const g = options.generate;
    if (!g) throw new ConfigError(`dataset.generate {train, test, seed} is required for '${MNIST_SEG_NAME}'`);
    if (!options.cropSize) throw new ConfigError(`dataset.cropSize (the canvas side) is required for '${MNIST_SEG_NAME}'`);
    const settings = { seed: g.seed, train: g.train, val: g.test, size: options.cropSize, ...readOption(options, 'canvas', canvas) };
    // One directory per option set (not only per count and seed, as generatedDir names them): canvases drawn
    // differently never share a directory. generateMnistSeg keeps a complete set made with the same options.
    const dir = path.join(options.generatedDir, `${MNIST_SEG_NAME}-${configHash(settings).slice(0, 12)}`);
    const data = openVoc((await generateMnistSeg(dir, settings)).vocDir);
    return { task: 'segmentation', data, files: [data.root] };
  },
};
