import { ConfigError } from '@l2p/runtime';
import { loadCifar10 } from '../cifar10/read';
import { generateCifar10 } from '../generate/cifar10';
import type { DatasetEntry } from './dataset-entry';
import { generatedDir } from './generated-dir';

const NAME = 'generated-cifar10';

export const generatedCifar10: DatasetEntry = {
  name: NAME,
  task: 'classification',
  description: 'a learnable 10-class set in CIFAR-10 binary files, made from dataset.generate (tests and smoke runs)',
  async open(options) {
    const dir = await generatedDir(NAME, options, async (out, g) => {
      // Five train files and one test file, as published; the record count per file scales the set down.
      const perFile = Math.ceil(g.train / 5);
      if (g.test !== perFile) throw new ConfigError(`generated-cifar10 writes equal-sized batch files: set generate.test to ceil(train/5) = ${perFile}`);
      await generateCifar10(out, { seed: g.seed, recordsPerFile: perFile });
    });
    const data = loadCifar10(dir);
    return { task: 'classification', data, files: data.files };
  },
};
