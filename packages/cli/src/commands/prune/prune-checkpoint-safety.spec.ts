import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { disposeWeights, saveModel } from '@l2p/models';
import { randomWeights, tinyDescription } from '@l2p/models/testing';
import { selectBackend } from '@l2p/runtime';
import { main } from '../../main';

/** `l2p prune --checkpoint`: --out is not the trained run, and a run in --out belongs to one trained model. */

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

describe('l2p prune --checkpoint --out', () => {
  let tmp: string;
  let trained: string;
  beforeAll(async () => {
    await selectBackend('wasm');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-prune-ckpt-'));
    trained = path.join(tmp, 'trained');
    const description = tinyDescription('vgg16');
    const weights = randomWeights(description, 1);
    await saveModel(path.join(trained, 'model'), { description, weights });
    disposeWeights(weights);
    // Refused before the config is read: an empty one suffices.
    fs.writeFileSync(path.join(trained, 'train.json'), '{"config":{}}');
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('refuses --out that is or holds the trained run, and a run of another trained model', async () => {
    expect(await refusal(['prune', '--checkpoint', trained, '--out', trained])).toEqual({ code: 2, err: `error: --out ${trained}: is the trained run ${trained}; writing there would replace it — point --out at a directory of its own\n` });
    const other = path.join(tmp, 'runs', 'prune');
    fs.mkdirSync(other, { recursive: true });
    fs.writeFileSync(path.join(other, 'prune-source.json'), JSON.stringify({ trainDir: path.join(tmp, 'another') }));
    expect(await refusal(['prune', '--checkpoint', trained, '--out', other])).toEqual({
      code: 2,
      err: `error: --checkpoint ${trained}: the run in --out ${other} belongs to another model, ${path.join(tmp, 'another')} — choose another --out for this model\n`,
    });
    expect(fs.readdirSync(other)).toEqual(['prune-source.json']);
  });
});
