import * as fs from 'fs';
import * as path from 'path';
import { crc32, deflateSync } from 'zlib';
import { ConfigError, DataFormatError, DataMissingError, Rng } from '@l2p/runtime';
import { encodeIndexPng, decodeIndexPng, encodeGreyPng } from '../codecs/png';
import { generateVoc } from '../generate/voc';
import { renderScene } from '../generate/voc-scenes';
import { makeTempDir, removeDir } from '../testing/temp';
import { VOC_CLASSES, VOC_VOID, vocPalette } from './layout';
import { openVoc } from './read';

let tmp: string;
beforeAll(() => {
  tmp = makeTempDir('voc');
});
afterAll(() => removeDir(tmp));

async function tree(name: string, train = 4, val = 2): Promise<string> {
  const root = path.join(tmp, name);
  await generateVoc(root, { seed: 5, train, val, minSide: 40, maxSide: 72 });
  return root;
}

describe('vocPalette', () => {
  it('is the standard VOC colour map', () => {
    const p = vocPalette();
    expect(p[0]).toEqual([0, 0, 0]);
    expect(p[1]).toEqual([128, 0, 0]);
    expect(p[2]).toEqual([0, 128, 0]);
    expect(p[15]).toEqual([192, 128, 128]);
    expect(p[20]).toEqual([0, 64, 128]);
    expect(p[255]).toEqual([224, 224, 192]);
  });
});

/** A palette PNG with 1/2/4-bit packed indices, built by hand (fast-png only writes 8-bit ones). */
function packedPalettePng(width: number, height: number, depth: number, indices: Uint8Array): Buffer {
  const chunk = (type: string, body: Buffer): Buffer => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), body]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([head, typed, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = depth;
  ihdr[9] = 3;
  const rowBytes = Math.ceil((width * depth) / 8);
  const raw = Buffer.alloc(height * (rowBytes + 1));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      raw[y * (rowBytes + 1) + 1 + (bit >> 3)] |= indices[y * width + x] << (8 - depth - (bit & 7));
    }
  }
  const plte = Buffer.from(vocPalette().slice(0, 1 << depth).flat());
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('PLTE', plte), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe('decodeIndexPng', () => {
  it('returns palette indices of 8-bit palette PNGs and grey levels of greyscale masks', () => {
    const data = Uint8Array.from({ length: 7 * 3 }, (_, i) => (i * 13) % 256);
    const png8 = encodeIndexPng({ width: 7, height: 3, data }, vocPalette());
    const decoded = decodeIndexPng(png8, 'a.png');
    expect(Array.from(decoded.data)).toEqual(Array.from(data));
    expect(decoded.palette?.[1]).toEqual([128, 0, 0]);
    expect(Array.from(decodeIndexPng(encodeGreyPng({ width: 7, height: 3, data }), 'g.png').data)).toEqual(Array.from(data));
  });

  it.each([1, 2, 4])('unpacks %i-bit palette indices (rows padded to whole bytes)', (depth) => {
    const width = 11;
    const height = 3;
    const indices = Uint8Array.from({ length: width * height }, (_, i) => (i * 7) % (1 << depth));
    const decoded = decodeIndexPng(packedPalettePng(width, height, depth, indices), 'p.png');
    expect(Array.from(decoded.data)).toEqual(Array.from(indices));
  });
});

describe('openVoc / loadSample', () => {
  it('round-trips a generated tree: ids per split, exact masks, JPEG images close to the rendered scene', async () => {
    const root = await tree('good');
    const voc = openVoc(root);
    expect(voc.splits.train).toEqual(['gen_train_00000', 'gen_train_00001', 'gen_train_00002', 'gen_train_00003']);
    expect(voc.splits.val).toHaveLength(2);
    expect(openVoc(path.join(root, 'VOCdevkit', 'VOC2012')).root).toBe(voc.root);
    // Re-render the first training scene from the generator's stream: masks are lossless, images within JPEG error.
    const r = new Rng(5).fork('train');
    const width = 40 + r.int(33);
    const height = 40 + r.int(33);
    const scene = renderScene(r, width, height);
    const sample = await voc.loadSample('gen_train_00000');
    expect([sample.width, sample.height]).toEqual([width, height]);
    expect(Buffer.from(sample.label).equals(Buffer.from(scene.label))).toBe(true);
    let err = 0;
    for (let i = 0; i < scene.image.length; i++) err += Math.abs(scene.image[i] - sample.image[i]);
    expect(err / scene.image.length).toBeLessThan(6);
    const classes = new Set(sample.label);
    expect(classes.has(0)).toBe(true);
    expect(classes.has(VOC_VOID)).toBe(true);
    expect([...classes].every((c) => c < VOC_CLASSES || c === VOC_VOID)).toBe(true);
  });

  describe('bad input', () => {
    it('an id with no JPEG, and one with no mask, name the list file, line and id', async () => {
      const root = await tree('nojpeg');
      const base = path.join(root, 'VOCdevkit', 'VOC2012');
      fs.rmSync(path.join(base, 'JPEGImages', 'gen_train_00002.jpg'));
      expect(() => openVoc(root)).toThrow(DataMissingError);
      expect(() => openVoc(root)).toThrow(/Segmentation\/train\.txt line 3: image id "gen_train_00002" has no JPEG \(.*gen_train_00002\.jpg not found\)/);
      const root2 = await tree('nomask');
      fs.rmSync(path.join(root2, 'VOCdevkit', 'VOC2012', 'SegmentationClass', 'gen_val_00001.png'));
      expect(() => openVoc(root2)).toThrow(/val\.txt line 2: image id "gen_val_00001" has no mask/);
    });

    it('a mask whose size differs from its image', async () => {
      const root = await tree('size');
      const mask = path.join(root, 'VOCdevkit', 'VOC2012', 'SegmentationClass', 'gen_train_00001.png');
      fs.writeFileSync(mask, encodeIndexPng({ width: 5, height: 4, data: new Uint8Array(20) }, vocPalette()));
      const voc = openVoc(root);
      await expect(voc.loadSample('gen_train_00001')).rejects.toThrow(DataFormatError);
      await expect(voc.loadSample('gen_train_00001')).rejects.toThrow(/gen_train_00001\.png: mask is 5×4 but its image .*gen_train_00001\.jpg is \d+×\d+/);
    });

    it('a palette index that is neither a class 0–20 nor void 255', async () => {
      const root = await tree('index');
      const mask = path.join(root, 'VOCdevkit', 'VOC2012', 'SegmentationClass', 'gen_train_00000.png');
      const decoded = decodeIndexPng(fs.readFileSync(mask), mask);
      const data = Uint8Array.from(decoded.data);
      data[3 * decoded.width + 2] = 21;
      fs.writeFileSync(mask, encodeIndexPng({ width: decoded.width, height: decoded.height, data }, vocPalette()));
      await expect(openVoc(root).loadSample('gen_train_00000')).rejects.toThrow(/gen_train_00000\.png: pixel \(x 2, y 3\) has palette index 21, not a class 0–20 or void 255/);
    });

    it('an RGB PNG where a palette mask belongs, and a file that is not a JPEG', async () => {
      const root = await tree('formats');
      const base = path.join(root, 'VOCdevkit', 'VOC2012');
      fs.writeFileSync(path.join(base, 'JPEGImages', 'gen_val_00000.jpg'), Buffer.from('garbage'));
      await expect(openVoc(root).loadSample('gen_val_00000')).rejects.toThrow(/gen_val_00000\.jpg: not a readable JPEG/);
      const rgb = Buffer.from(await (await import('sharp')).default(Buffer.alloc(12), { raw: { width: 2, height: 2, channels: 3 } }).png().toBuffer());
      fs.writeFileSync(path.join(base, 'SegmentationClass', 'gen_val_00001.png'), rgb);
      await expect(openVoc(root).loadSample('gen_val_00001')).rejects.toThrow(/gen_val_00001\.png: a label mask must be a palette PNG/);
    });

    it('a data root that does not exist names the layout and the fetch command', () => {
      const open = () => openVoc(path.join(tmp, 'absent'));
      expect(open).toThrow(DataMissingError);
      expect(open).toThrow(/absent does not exist \(expected VOCdevkit\/VOC2012\/\{ImageSets\/Segmentation\/\{train,val\}\.txt/);
      try {
        open();
      } catch (err) {
        expect((err as DataMissingError).hint).toMatch(/nx run datasets:voc2012/);
      }
    });
  });
});

describe('openVoc: ids in the split lists name files inside the VOC folders only', () => {
  it.each(['../../outside', '/tmp/outside', 'a/../../../outside', '..'])('refuses the id %s before reading its files', (id) => {
    const root = makeTempDir('voc-escape');
    try {
      const dir = path.join(root, 'VOC2012');
      for (const sub of ['ImageSets/Segmentation', 'JPEGImages', 'SegmentationClass']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
      // The files the id leads to exist, so only the rule stops it.
      for (const ext of ['jpg', 'png']) fs.writeFileSync(path.join(root, `outside.${ext}`), '');
      fs.writeFileSync(path.join(dir, 'ImageSets/Segmentation/train.txt'), `${id}\n`);
      fs.writeFileSync(path.join(dir, 'ImageSets/Segmentation/val.txt'), '');
      expect(() => openVoc(root)).toThrow(new ConfigError(`${path.join(dir, 'ImageSets/Segmentation/train.txt')} line 1: image id "${id}" is not a plain file name; ids name files inside ${dir}`));
    } finally {
      removeDir(root);
    }
  });
});
