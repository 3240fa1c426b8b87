import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../main';

/** `l2p train --out` follows the output rule, and --resume needs something to resume. Refused before any work. */

async function refusal(argv: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const writes = [
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += chunk.toString()), true)),
  ];
  try {
    return { code: await main(argv), err };
  } finally {
    writes.forEach((w) => w.mockRestore());
  }
}

describe('l2p train --out', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-train-out-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  // Small enough that a regression (training instead of refusing) ends in seconds.
  const tiny = ['--backend', 'wasm', '--width', '0.0625', '--epochs', '1', '--train-subset', '64', '--test-subset', '64', '--reward-size', '64'];

  it('refuses a directory holding the user\'s files, and --resume with nothing to resume, writing nothing', async () => {
    const mine = path.join(tmp, 'mine');
    fs.mkdirSync(mine);
    fs.writeFileSync(path.join(mine, 'thesis.tex'), 'mine');
    const fresh = path.join(tmp, 'fresh');
    expect(await refusal(['train', ...tiny, '--out', mine])).toEqual({ code: 2, err: `error: --out ${mine}: refusing to write into a directory that holds files l2p train does not write (thesis.tex) — point --out at a new directory\n` });
    expect(await refusal(['train', ...tiny, '--out', fresh, '--resume'])).toEqual({ code: 2, err: `error: --resume: nothing to resume in --out ${fresh} (no checkpoint there) — run without --resume to start training\n` });
    expect(fs.readdirSync(tmp).sort()).toEqual(['mine']);
    expect(fs.readdirSync(mine)).toEqual(['thesis.tex']);
  }, 60_000);
});
