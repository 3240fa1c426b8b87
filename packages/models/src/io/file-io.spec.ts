import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from '@l2p/runtime';
import { readArtifacts } from './file-io';

/** A model.json whose one weight (two float32s per shard) lives in the shards `paths` name. */
function writeModelJson(dir: string, paths: string[]): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'model.json');
  fs.writeFileSync(file, JSON.stringify({ modelTopology: { class_name: 'Sequential' }, weightsManifest: [{ paths, weights: [{ name: 'w', shape: [2 * paths.length], dtype: 'float32' }] }] }));
  return file;
}

describe('weight shard paths stay inside the model folder', () => {
  let tmp: string;
  let model: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-file-io-'));
    model = path.join(tmp, 'a', 'model');
    // Right size for the manifest: read, it would load without complaint.
    fs.writeFileSync(path.join(tmp, 'outside.bin'), Buffer.alloc(8));
    fs.mkdirSync(model, { recursive: true });
    fs.writeFileSync(path.join(model, 'ok.bin'), Buffer.alloc(8));
    fs.symlinkSync(path.join(tmp, 'outside.bin'), path.join(model, 'link.bin'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it.each([
    ['../../outside.bin', 'outside the model folder'],
    ['../../../../../../../../etc/passwd', 'outside the model folder'],
    ['/etc/passwd', 'outside the model folder'],
    ['link.bin', 'a link to'],
  ])('refuses %s before reading any shard', async (shard, why) => {
    const file = writeModelJson(model, ['ok.bin', shard]);
    const read = jest.spyOn(fs, 'readFileSync');
    try {
      const err = await readArtifacts(model).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toContain(`${file}: weight shard path '${shard}'`);
      expect((err as Error).message).toContain(why);
      expect(read.mock.calls.map((c) => String(c[0])).filter((f) => f.endsWith('.bin') || f.endsWith('passwd'))).toEqual([]);
    } finally {
      read.mockRestore();
    }
  });

  it('reads shards in the folder and below it', async () => {
    fs.mkdirSync(path.join(model, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(model, 'sub', 'w.bin'), Buffer.alloc(8));
    writeModelJson(model, ['sub/w.bin']);
    const artifacts = await readArtifacts(model);
    expect(artifacts.weightSpecs?.map((w) => w.name)).toEqual(['w']);
  });
});
