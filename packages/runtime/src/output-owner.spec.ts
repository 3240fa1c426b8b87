import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from './errors';
import { checkOutsideInput, checkOwnedOutputDir, checkOwnedOutputFile, isWithin } from './output-owner';

describe('the one rule for user-named output paths', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-owner-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const owner = { writer: 'a test', owns: (name: string) => name === 'ours.txt' };

  it('takes a missing or own directory, refuses one holding anything else (hidden files too), naming flag and path', () => {
    expect(checkOwnedOutputDir(path.join(dir, 'new'), '--out', owner)).toBe(path.join(dir, 'new'));
    fs.writeFileSync(path.join(dir, 'ours.txt'), '');
    fs.writeFileSync(path.join(dir, '.ours.txt.tmp-12-3'), '');
    expect(checkOwnedOutputDir(dir, '--out', owner)).toBe(dir);
    fs.writeFileSync(path.join(dir, '.keep'), '');
    expect(() => checkOwnedOutputDir(dir, '--out', owner)).toThrow(new ConfigError(`--out ${dir}: refusing to write into a directory that holds files a test does not write (.keep)`));
    expect(() => checkOwnedOutputDir(path.join(dir, '.keep'), '--x', owner)).toThrow(/^--x .*\.keep: not a writable directory: .* is a file, not a directory$/);
  });

  it('takes a missing or own file, refuses a directory or a file it did not write', () => {
    const file = path.join(dir, 'm.onnx');
    expect(checkOwnedOutputFile(file, '--out', 'export', () => false)).toBe(file);
    fs.writeFileSync(file, 'mine');
    expect(() => checkOwnedOutputFile(file, '--out', 'export', () => false)).toThrow(`--out ${file}: refusing to replace a file export did not write`);
    expect(checkOwnedOutputFile(file, '--out', 'export', () => true)).toBe(file);
    expect(() => checkOwnedOutputFile(dir, '--out', 'export', () => true)).toThrow(`--out ${dir}: is a directory; refusing to replace it by a file`);
  });

  it('refuses an output that is the input folder or holds it', () => {
    const model = path.join(dir, 'a', 'model');
    expect(() => checkOutsideInput(model, '--out', model, 'the model folder')).toThrow(`--out ${model}: is the model folder ${model}; writing there would replace it`);
    expect(() => checkOutsideInput(dir, '--out', model, 'the model folder')).toThrow(`--out ${dir}: holds the model folder ${model}; writing there could replace it`);
    expect(() => checkOutsideInput(path.join(dir, 'b'), '--out', model, 'the model folder')).not.toThrow();
    expect([isWithin(path.join(dir, '..x'), dir), isWithin(path.join(dir, '..', 'x'), dir)]).toEqual([true, false]);
  });
});
