import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, type ProgressSink } from '@l2p/runtime';
import { MNIST_FILES } from '../mnist/checksums';
import { encodeIdx, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC } from '../mnist/idx';
import { loadMnist } from '../mnist/read';
import { makeTempDir, removeDir } from '../testing/temp';
import { md5File } from '../util/md5';
import { segmentationBatches } from '../voc/batches';
import { VOC_VOID } from '../voc/layout';
import { openVoc } from '../voc/read';
import { digitImage, inkBox } from './digit-canvas';
import { generateMnistSeg, MNIST_SEG_CLASS_NAMES, MNIST_SEG_DEFAULTS, readMnistSegDigits } from './mnist-seg';

let tmp: string;
beforeAll(() => {
  tmp = makeTempDir('mnist-seg');
});
afterAll(() => removeDir(tmp));

const SMALL = { seed: 3, train: 10, val: 6, size: 48 } as const;

/** md5 of every file under dir, by relative path. */
async function digests(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const file = path.join(dir, rel);
    if (fs.statSync(file).isFile()) out[rel] = await md5File(file);
  }
  return out;
}

describe('generateMnistSeg', () => {
  let vocDir: string;
  beforeAll(async () => {
    vocDir = (await generateMnistSeg(path.join(tmp, 'small'), SMALL)).vocDir;
  });

  it('writes the VOC 2012 layout that openVoc and segmentationBatches read, with 11 classes from dataset.json', async () => {
    for (const sub of ['JPEGImages', 'SegmentationClass', 'ImageSets/Segmentation']) expect(fs.statSync(path.join(vocDir, sub)).isDirectory()).toBe(true);
    const voc = openVoc(path.join(tmp, 'small'));
    expect(voc.name).toBe('mnist-seg');
    expect(voc.classes).toBe(11);
    expect(voc.classNames).toEqual(MNIST_SEG_CLASS_NAMES);
    expect(voc.splits.train).toHaveLength(10);
    expect(voc.splits.val).toHaveLength(6);
    expect(voc.mean.every((m) => m > 20 && m < 235)).toBe(true);
    const seen = new Set<number>();
    for (const id of [...voc.splits.train, ...voc.splits.val]) {
      const s = await voc.loadSample(id);
      expect([s.width, s.height]).toEqual([48, 48]);
      s.label.forEach((v) => seen.add(v));
    }
    expect([...seen].every((v) => v <= 10 || v === VOC_VOID)).toBe(true);
    expect(seen.has(0) && seen.has(VOC_VOID)).toBe(true);
    const batches = segmentationBatches(voc, voc.splits.val, { batchSize: 4, padTo: 64 });
    const first = (await batches.next()).value;
    expect(first?.x.shape).toEqual([4, 64, 64, 3]);
    first?.x.dispose();
    first?.labels.dispose();
    await batches.return(undefined);
  });

  it('labels each drawn digit with its class where its ink is, and the JPEG shows it there', async () => {
    const voc = openVoc(vocDir);
    const manifest = readMnistSegDigits(vocDir);
    const mnist = loadMnist();
    let checked = 0;
    for (const id of [...voc.splits.train, ...voc.splits.val]) {
      const { source, digits } = manifest[id];
      const data = source === 'train' ? mnist.train : mnist.test;
      const sample = await voc.loadSample(id);
      const inBox = new Uint8Array(48 * 48);
      for (const d of digits) {
        expect(d.digit).toBe(data.labels[d.index]);
        // Every class pixel in the box is this digit's class.
        const stroke: number[] = [];
        const around: number[] = [];
        for (let y = d.y; y < d.y + d.height; y++) {
          for (let x = d.x; x < d.x + d.width; x++) {
            const v = sample.label[y * 48 + x];
            inBox[y * 48 + x] = 1;
            expect(v === 0 || v === VOC_VOID || v === d.digit + 1).toBe(true);
            const lum = sample.image[(y * 48 + x) * 3] * 0.299 + sample.image[(y * 48 + x) * 3 + 1] * 0.587 + sample.image[(y * 48 + x) * 3 + 2] * 0.114;
            if (v === d.digit + 1) stroke.push(lum);
            if (v === 0) around.push(lum);
          }
        }
        // Oracle: the stroke mask shrunk back onto the source digit's ink box (nearest) matches the digit's own
        // pixels above half its peak (after the bold dilation, which digit-canvas.spec.ts checks by brute force).
        const drawn = digitImage(data, d.index, MNIST_SEG_DEFAULTS.bold);
        const box = inkBox(drawn);
        const bw = box.x1 - box.x0 + 1;
        const bh = box.y1 - box.y0 + 1;
        let peak = 0;
        for (const v of drawn.data) peak = Math.max(peak, v);
        let inter = 0;
        let union = 0;
        for (let v = 0; v < bh; v++) {
          for (let u = 0; u < bw; u++) {
            const truth = drawn.data[(box.y0 + v) * drawn.width + box.x0 + u] >= 0.5 * peak;
            const m = MNIST_SEG_DEFAULTS.voidBand + 1;
            const mx = d.x + m + Math.floor(((u + 0.5) / bw) * (d.width - 2 * m));
            const my = d.y + m + Math.floor(((v + 0.5) / bh) * (d.height - 2 * m));
            const labelled = sample.label[my * 48 + mx] === d.digit + 1;
            if (truth && labelled) inter += 1;
            if (truth || labelled) union += 1;
          }
        }
        expect(inter / union).toBeGreaterThan(0.6);
        // The digit is visible: its stroke pixels differ in luminance from the background around them.
        const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
        expect(Math.abs(mean(stroke) - mean(around))).toBeGreaterThan(40);
        checked += 1;
      }
      // Outside every digit's box nothing is labelled.
      sample.label.forEach((v, i) => {
        if (!inBox[i]) expect(v).toBe(0);
      });
    }
    expect(checked).toBeGreaterThanOrEqual(16);
  });

  it('surrounds strokes with a void band: no stroke pixel touches background; voidBand 0 gives no void at all', async () => {
    const voc = openVoc(vocDir);
    let voidPixels = 0;
    for (const id of voc.splits.train) {
      const { label } = await voc.loadSample(id);
      for (let y = 1; y < 47; y++) {
        for (let x = 1; x < 47; x++) {
          const v = label[y * 48 + x];
          if (v === VOC_VOID) voidPixels += 1;
          if (v === 0 || v === VOC_VOID) continue;
          for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [-1, -1], [1, -1], [-1, 1]]) {
            expect(label[(y + dy) * 48 + x + dx]).not.toBe(0);
          }
        }
      }
    }
    expect(voidPixels).toBeGreaterThan(0);
    const bare = openVoc((await generateMnistSeg(path.join(tmp, 'bare'), { ...SMALL, voidBand: 0 })).vocDir);
    for (const id of bare.splits.train) expect((await bare.loadSample(id)).label.includes(VOC_VOID)).toBe(false);
  });

  it('is deterministic: the same options give byte-identical files, another seed different canvases', async () => {
    const again = await generateMnistSeg(path.join(tmp, 'again'), SMALL);
    expect(await digests(again.vocDir)).toEqual(await digests(vocDir));
    const other = await generateMnistSeg(path.join(tmp, 'other'), { ...SMALL, seed: 4 });
    const a = await digests(vocDir);
    const b = await digests(other.vocDir);
    expect(b['JPEGImages/mnistseg_train_00000.jpg']).not.toBe(a['JPEGImages/mnistseg_train_00000.jpg']);
    expect(b['SegmentationClass/mnistseg_val_00000.png']).not.toBe(a['SegmentationClass/mnistseg_val_00000.png']);
  });

  it('keeps a complete set made with the same options, and replaces it when the options change', async () => {
    const root = path.join(tmp, 'reuse');
    expect((await generateMnistSeg(root, SMALL)).reused).toBe(false);
    const marker = path.join(root, 'VOCdevkit', 'VOC2012', 'JPEGImages', 'mnistseg_train_00000.jpg');
    const before = fs.statSync(marker).mtimeMs;
    expect((await generateMnistSeg(root, SMALL)).reused).toBe(true);
    expect(fs.statSync(marker).mtimeMs).toBe(before);
    const changed = await generateMnistSeg(root, { ...SMALL, val: 3 });
    expect(changed.reused).toBe(false);
    expect(openVoc(root).splits.val).toHaveLength(3);
  });

  it('a crash during generation leaves no set that looks complete, and keeps the previous one intact', async () => {
    const failing = (after: number): ProgressSink => ({
      start: () => {
        let n = 0;
        return {
          tick: () => {
            n += 1;
            if (n === after) throw new Error('simulated crash');
          },
          status: () => undefined,
          done: () => undefined,
        };
      },
    });
    const fresh = path.join(tmp, 'crash-fresh');
    await expect(generateMnistSeg(fresh, { ...SMALL, progress: failing(5) })).rejects.toThrow('simulated crash');
    expect(fs.existsSync(path.join(fresh, 'VOCdevkit'))).toBe(false);
    expect(fs.readdirSync(fresh)).toEqual([]);

    const kept = path.join(tmp, 'crash-kept');
    await generateMnistSeg(kept, SMALL);
    const before = await digests(path.join(kept, 'VOCdevkit'));
    await expect(generateMnistSeg(kept, { ...SMALL, seed: 9, progress: failing(12) })).rejects.toThrow('simulated crash');
    expect(await digests(path.join(kept, 'VOCdevkit'))).toEqual(before);
    expect(fs.readdirSync(kept)).toEqual(['VOCdevkit']);
  });

  it('reports progress per canvas', async () => {
    const ticks: string[] = [];
    const sink: ProgressSink = {
      start: (label, total) => {
        ticks.push(`start ${label} ${total}`);
        return { tick: (_n, detail) => ticks.push(detail ?? ''), status: () => undefined, done: (d) => ticks.push(`done ${d}`) };
      },
    };
    await generateMnistSeg(path.join(tmp, 'progress'), { ...SMALL, train: 2, val: 1, progress: sink });
    expect(ticks).toEqual(['start mnist-seg canvases 3', 'train', 'train', 'val', 'done 2 train + 1 val canvases of 48×48']);
  });

  it.each([
    [{ size: 8 }, /mnist-seg: size must be an integer in \[16, 4096\], got 8/],
    [{ minDigits: 3, maxDigits: 2 }, /maxDigits must be an integer in \[3, 10\], got 2/],
    [{ minDigitSize: 0.9, maxDigitSize: 0.5 }, /0 < minDigitSize ≤ maxDigitSize ≤ 1 .*got 0.9 and 0.5/],
    [{ strokeThreshold: 1.5 }, /strokeThreshold must be in \(0, 1\).*got 1.5/],
    [{ train: 0 }, /train must be an integer in \[1, 1000000\], got 0/],
    [{ voidBand: 1.5 }, /voidBand must be an integer in \[0, 8\], got 1.5/],
  ])('refuses bad options before writing anything: %j', async (bad, message) => {
    const root = path.join(tmp, 'bad');
    await expect(generateMnistSeg(root, { ...SMALL, ...bad })).rejects.toThrow(ConfigError);
    await expect(generateMnistSeg(root, { ...SMALL, ...bad })).rejects.toThrow(message);
    expect(fs.existsSync(root)).toBe(false);
  });
});

describe('generateMnistSeg source splits', () => {
  it('draws train canvases from MNIST training digits only and val canvases from test digits only', async () => {
    // An IDX set whose training digits are all 0–4 and test digits all 5–9 (real MNIST digits): the classes in
    // the written masks then show which split each canvas drew from.
    const mnist = loadMnist();
    const pick = (data: typeof mnist.train, keep: (label: number) => boolean, n: number): number[] => {
      const out: number[] = [];
      for (let i = 0; i < data.count && out.length < n; i++) if (keep(data.labels[i])) out.push(i);
      return out;
    };
    const dir = path.join(tmp, 'split-idx');
    fs.mkdirSync(dir);
    const write = (data: typeof mnist.train, indices: number[], images: string, labels: string): void => {
      const pixels = new Uint8Array(indices.length * 784);
      indices.forEach((idx, k) => pixels.set(data.images.subarray(idx * 784, (idx + 1) * 784), k * 784));
      fs.writeFileSync(path.join(dir, images), encodeIdx(IDX_IMAGES_MAGIC, [indices.length, 28, 28], pixels));
      fs.writeFileSync(path.join(dir, labels), encodeIdx(IDX_LABELS_MAGIC, [indices.length], Uint8Array.from(indices, (i) => data.labels[i])));
    };
    write(mnist.train, pick(mnist.train, (l) => l < 5, 40), MNIST_FILES.trainImages, MNIST_FILES.trainLabels);
    write(mnist.test, pick(mnist.test, (l) => l >= 5, 40), MNIST_FILES.testImages, MNIST_FILES.testLabels);
    const { vocDir } = await generateMnistSeg(path.join(tmp, 'split'), { ...SMALL, train: 20, val: 20, mnistDir: dir });
    const voc = openVoc(vocDir);
    const classesIn = async (ids: readonly string[]): Promise<Set<number>> => {
      const s = new Set<number>();
      for (const id of ids) (await voc.loadSample(id)).label.forEach((v) => v !== 0 && v !== VOC_VOID && s.add(v));
      return s;
    };
    const train = await classesIn(voc.splits.train);
    const val = await classesIn(voc.splits.val);
    expect([...train].every((c) => c >= 1 && c <= 5)).toBe(true);
    expect([...val].every((c) => c >= 6 && c <= 10)).toBe(true);
    expect(train.size).toBeGreaterThanOrEqual(4);
    expect(val.size).toBeGreaterThanOrEqual(4);
    const manifest = readMnistSegDigits(vocDir);
    expect(voc.splits.train.every((id) => manifest[id].source === 'train')).toBe(true);
    expect(voc.splits.val.every((id) => manifest[id].source === 'test')).toBe(true);
  });

  it('uses each source digit once before repeating any', async () => {
    const { vocDir } = await generateMnistSeg(path.join(tmp, 'once'), { seed: 1, train: 30, val: 2, size: 48, minDigits: 2, maxDigits: 3, minDigitSize: 0.3, maxDigitSize: 0.4, voidBand: 1 });
    const used = Object.values(readMnistSegDigits(vocDir))
      .filter((m) => m.source === 'train')
      .flatMap((m) => m.digits.map((d) => d.index));
    expect(used.length).toBeGreaterThan(30);
    expect(new Set(used).size).toBe(used.length);
  });
});
