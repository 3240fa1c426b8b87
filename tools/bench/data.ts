/**
 * Data-pipeline benchmark (not a timed test): `npx tsx tools/bench/data.ts [--voc-images N] [--batches N]`.
 * Prints CIFAR-10-format load time of a full-size generated 60k set, augmented 64-image batches per second,
 * and VOC decode images per second at VOC's image sizes. Uses a temporary directory, removed at the end.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { classificationBatches, classificationSplits, generateCifar10, generateVoc, loadCifar10, openVoc, segmentationBatches } from '@l2p/data';
import { Rng } from '@l2p/runtime';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-bench-data-'));
  try {
    let t = process.hrtime.bigint();
    await generateCifar10(tmp, { seed: 1, recordsPerFile: 10_000 });
    console.log(`generate CIFAR-10-format 60k set: ${seconds(t).toFixed(1)} s`);

    t = process.hrtime.bigint();
    const ds = loadCifar10(tmp);
    console.log(`load CIFAR-10-format 60k (6 × 30,730,000 B, checks + CHW→HWC + channel stats): ${seconds(t).toFixed(2)} s`);

    const { train } = classificationSplits(ds, { seed: 1 });
    const limit = arg('batches', 300);
    const rng = new Rng(2);
    let n = 0;
    t = process.hrtime.bigint();
    for (const b of classificationBatches(train, { batchSize: 64, shuffle: true, augment: true, rng })) {
      tf.dispose([b.x, b.y]);
      if (++n >= limit) break;
    }
    const s = seconds(t);
    console.log(`augmented 64-image batches (pad-crop-flip + normalise + tensor4d): ${(n / s).toFixed(0)} batches/s (${((n * 64) / s).toFixed(0)} images/s)`);

    const count = arg('voc-images', 60);
    const vocRoot = path.join(tmp, 'voc');
    await generateVoc(vocRoot, { seed: 3, train: count, val: 1, minSide: 375, maxSide: 500 });
    const voc = openVoc(vocRoot);
    t = process.hrtime.bigint();
    for (const id of voc.splits.train) await voc.loadSample(id);
    const decode = seconds(t);
    console.log(`VOC decode (JPEG via sharp + palette PNG via fast-png + checks), 375–500 px sides: ${(count / decode).toFixed(1)} images/s`);
    t = process.hrtime.bigint();
    for await (const b of segmentationBatches(voc, voc.splits.train, { batchSize: 8, augment: { size: 320 }, rng: new Rng(4) })) tf.dispose([b.x, b.labels]);
    console.log(`VOC training batches (decode + scale/crop/flip to 320², batch 8): ${(count / seconds(t)).toFixed(1)} images/s`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
