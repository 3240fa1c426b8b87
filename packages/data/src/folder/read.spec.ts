import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import { ConfigError } from '@l2p/runtime';
import { loadImageFolder } from './read';

describe('loadImageFolder', () => {
  let root: string;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-folder-'));
    // Two classes of flat-coloured 10×6 images: dark PNGs and bright JPEGs, five each.
    for (const [name, value, ext] of [['dark', 40, 'png'], ['light', 220, 'jpg']] as const) {
      fs.mkdirSync(path.join(root, name));
      for (let i = 0; i < 5; i++) {
        const img = sharp({ create: { width: 10, height: 6, channels: 3, background: { r: value, g: value, b: value + i } } });
        await (ext === 'png' ? img.png() : img.jpeg({ quality: 95 })).toFile(path.join(root, name, `${i}.${ext}`));
      }
    }
    fs.writeFileSync(path.join(root, 'dark', 'notes.txt'), 'not an image');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads one class per subfolder, resized and converted to the requested size, with a seeded test split', async () => {
    const ds = await loadImageFolder(root, { height: 4, width: 4, channels: 1, testFraction: 0.2, seed: 3 });
    expect(ds.train.classNames).toEqual(['dark', 'light']);
    expect([ds.train.count, ds.test.count]).toEqual([8, 2]);
    expect([ds.train.height, ds.train.width, ds.train.channels]).toEqual([4, 4, 1]);
    expect(Array.from(ds.test.labels)).toEqual([0, 1]);
    const per = 16;
    for (let i = 0; i < ds.train.count; i++) {
      const v = ds.train.images[i * per];
      expect(Math.abs(v - (ds.train.labels[i] === 0 ? 40 : 220))).toBeLessThan(8);
    }
    const again = await loadImageFolder(root, { height: 4, width: 4, channels: 1, testFraction: 0.2, seed: 3 });
    expect(again.test.images).toEqual(ds.test.images);
  });

  it('refuses a folder with fewer than two classes', async () => {
    await expect(loadImageFolder(path.join(root, 'dark'), { height: 4, width: 4, channels: 3 })).rejects.toThrow(ConfigError);
  });
});
