import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dataLayoutNames, DATASETS, DEFAULT_DATASET, generateCifar10, generateIdx, generateVoc, layoutEntries } from '@l2p/data';
import { ConfigError } from '@l2p/runtime';
import yargs from 'yargs';
import { withTrainingOptions } from '../../training-options';
import { dataKind, userDataChoices } from '../prune/user-data';
import { inspectCommand } from './command';

/** The choices and default yargs holds for each option after `build` added them. */
function options(build: (y: ReturnType<typeof yargs>) => unknown): { choices: Record<string, unknown[]>; default: Record<string, unknown> } {
  const y = yargs([]);
  build(y);
  // getOptions is yargs' own record of the declared options (not in its typings).
  return (y as unknown as { getOptions(): { choices: Record<string, unknown[]>; default: Record<string, unknown> } }).getOptions();
}

describe('CLI choices from the data registry', () => {
  it('l2p train --dataset offers exactly the registered sets', () => {
    const o = options((y) => withTrainingOptions(y));
    expect(o.choices.dataset).toEqual(DATASETS.names());
    expect(o.default.dataset).toBe(DEFAULT_DATASET);
  });

  it('l2p data inspect --layout offers exactly the registered layouts, and its help names each', () => {
    const command = inspectCommand();
    const o = options((y) => (command.builder as (y: unknown) => unknown)(y));
    expect(o.choices.layout).toEqual(dataLayoutNames());
    expect(dataLayoutNames()).toEqual(layoutEntries().map((e) => e.name));
    for (const e of layoutEntries()) expect(command.describe).toContain(e.layout.title);
  });

  it('l2p prune --data names the bundled sets and the classification layouts', () => {
    const text = userDataChoices();
    for (const e of layoutEntries()) expect(text.includes(e.layout.title)).toBe(e.layout.userData !== undefined);
    expect(text).toMatch(/^'mnist', a CIFAR-10 binary or MNIST IDX root, or an image folder/);
  });
});

describe('l2p prune --data detection (the registry layouts)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-user-data-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('records a bundled set by name, a CIFAR-10 root as cifar10, an IDX root as idx, anything else as a folder', async () => {
    await generateCifar10(path.join(tmp, 'cifar'), { seed: 0, recordsPerFile: 4 });
    await generateIdx(path.join(tmp, 'idx'), { seed: 0, train: 4, test: 2 });
    fs.mkdirSync(path.join(tmp, 'folder', 'cats'), { recursive: true });
    expect(dataKind('mnist')).toBe('mnist');
    expect(dataKind(path.join(tmp, 'cifar'))).toBe('cifar10');
    expect(dataKind(path.join(tmp, 'cifar', 'cifar-10-batches-bin'))).toBe('cifar10');
    expect(dataKind(path.join(tmp, 'idx'))).toBe('idx');
    expect(dataKind(path.join(tmp, 'folder'))).toBe('folder');
    expect(() => dataKind(path.join(tmp, 'nowhere'))).toThrow(/not 'mnist' and not a directory \(a CIFAR-10 binary or MNIST IDX root, or an image folder/);
  });

  it('refuses a root of a segmentation layout, naming it', async () => {
    await generateVoc(path.join(tmp, 'voc'), { seed: 0, train: 1, val: 1 });
    expect(() => dataKind(path.join(tmp, 'voc'))).toThrow(ConfigError);
    expect(() => dataKind(path.join(tmp, 'voc'))).toThrow(/a VOC 2012 root, which --model cannot take/);
  });
});
