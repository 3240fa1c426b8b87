import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { registerFileIO } from '@l2p/models';
import { residualConcatNet } from '@l2p/models/testing';
import { selectBackend } from '@l2p/runtime';
import { main } from '../../main';

/**
 * `l2p prune --model` never replaces the user's model and never mixes two runs: --out may not be (or hold) the
 * model's folder, and a run in --out continues or is reused only for the same model, data and options.
 * Tiny untrained nets (the refusals come before any training) and one tiny real run.
 */

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const so = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += chunk.toString()), true));
  const se = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += chunk.toString()), true));
  try {
    return { code: await main(argv), out, err };
  } finally {
    [so, se].forEach((s) => s.mockRestore());
  }
}

/** Every file under `dir` with its size and modification time: "nothing written" means this does not change. */
function snapshot(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((f) => {
      const s = fs.statSync(path.join(dir, f));
      return `${f} ${s.isDirectory() ? 'dir' : `${s.size} ${s.mtimeMs}`}`;
    });
}

describe('l2p prune --model keeps the user\'s model and never mixes runs', () => {
  let tmp: string;
  let modelA: string;
  let modelB: string;
  const tiny = ['--data', 'mnist', '--backend', 'wasm', '--engine', 'tfjs', '--reward-size', '100', '--train-images', '100', '--test-images', '100', '--max-updates', '2', '--samples', '2', '--fine-tune-images', '64', '--final-epochs', '0'];
  beforeAll(async () => {
    await selectBackend('wasm');
    registerFileIO();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-prune-safety-'));
    for (const [name, seed] of [['a', 1], ['b', 2]] as const) {
      const model = residualConcatNet({ size: 28, channels: 1, classes: 10, seed, width: 4 });
      await model.save(`file://${path.join(tmp, name)}`);
      model.dispose();
    }
    modelA = path.join(tmp, 'a', 'model.json');
    modelB = path.join(tmp, 'b', 'model.json');
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('refuses --out that is the model\'s folder, holds it, or holds the user\'s files (exit 2, one line, nothing written)', async () => {
    const a = path.dirname(modelA);
    const notes = path.join(tmp, 'notes');
    fs.mkdirSync(notes);
    fs.writeFileSync(path.join(notes, 'notes.txt'), 'mine');
    const before = snapshot(tmp);
    const probes: [string, string][] = [
      [a, `error: --out ${a}: is the model folder ${a}; writing there would replace it — point --out at a directory of its own\n`],
      [tmp, `error: --out ${tmp}: holds the model folder ${a}; writing there could replace it — point --out at a directory of its own\n`],
      [notes, `error: --out ${notes}: refusing to write into a directory that holds files l2p prune does not write (notes.txt) — point --out at a new directory\n`],
    ];
    for (const [out, message] of probes) {
      const r = await run(['prune', '--model', modelA, ...tiny, '--out', out]);
      expect([out, r.code, r.err]).toEqual([out, 2, message]);
    }
    expect(snapshot(tmp)).toEqual(before);
  });

  it('--resume with nothing to resume says so', async () => {
    const out = path.join(tmp, 'fresh');
    const r = await run(['prune', '--model', modelA, ...tiny, '--out', out, '--resume']);
    expect([r.code, r.err]).toEqual([2, `error: --resume: nothing to resume in --out ${out} (no run of agent-b1-s0 was started there) — run without --resume to start one\n`]);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('a run in --out belongs to its model, data and options: another model or option is refused, naming the difference', async () => {
    const out = path.join(tmp, 'run-a');
    const first = await run(['prune', '--model', modelA, ...tiny, '--out', out]);
    expect([first.code, first.err.match(/error.*/)?.[0]]).toEqual([0, undefined]);
    const before = snapshot(out);
    const other = await run(['prune', '--model', modelB, ...tiny, '--out', out, '--resume']);
    expect(other.code).toBe(2);
    expect(other.err).toMatch(new RegExp(`^error: --model ${modelB}: the run in --out ${out} belongs to another model, ${modelA} \\(sha256 [0-9a-f]{12}…, this one [0-9a-f]{12}…\\) — `));
    const again = await run(['prune', '--model', modelB, ...tiny, '--out', out]);
    expect([again.code, again.err]).toEqual([2, other.err]);
    const option = await run(['prune', '--model', modelA, ...tiny, '--out', out, '--resume', '--fine-tune-epochs', '2', '--input-scale=-1-1']);
    expect([option.code, option.err]).toEqual([2, `error: the run in --out ${out} was made with other options: --input-scale -1-1 (it used 0-1), --fine-tune-epochs 2 (it used 1) — give the same options, or choose another --out\n`]);
    expect(snapshot(out)).toEqual(before);
    // The same command again reuses the finished run.
    const same = await run(['prune', '--model', modelA, ...tiny, '--out', out, '--resume']);
    expect([same.code, same.out]).toEqual([0, expect.stringContaining('(already finished) agent-b1-s0')]);
  }, 120_000);

  it('refuses, before any work, --layers naming no channel group and a model with nothing to prune (exit 2, nothing written)', async () => {
    const out = path.join(tmp, 'layers');
    const bad = await run(['prune', '--model', modelA, ...tiny, '--out', out, '--layers', 'stem,nope']);
    expect([bad.code, bad.err.match(/^error: .*/m)?.[0]]).toEqual([2, `error: --layers stem,nope: 'nope' is not a channel group of ${modelA} — groups: stem, b, a, last`]);
    const flat = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 10, activation: 'softmax' })] });
    await flat.save(`file://${path.join(tmp, 'flat')}`);
    flat.dispose();
    const none = await run(['prune', '--model', path.join(tmp, 'flat', 'model.json'), ...tiny, '--out', out]);
    expect([none.code, none.err.match(/^error: .*/m)?.[0]]).toEqual([2, `error: --model ${path.join(tmp, 'flat', 'model.json')}: nothing to prune, no conv layer whose filters can be removed`]);
    expect(fs.existsSync(out)).toBe(false);
  });
});
