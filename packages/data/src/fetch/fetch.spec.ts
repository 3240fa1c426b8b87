import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { DataFormatError, DataMissingError, silentProgress } from '@l2p/runtime';
import { loadCifar10 } from '../cifar10/read';
import { createTarball, generateCifar10Tarball } from '../generate/tarball';
import { md5Bytes } from '../util/md5';
import { makeTempDir, removeDir } from '../testing/temp';
import { parseFetchArgs, runFetchCli } from './cli';
import { fetchArchive, FETCH_MARKER } from './fetch-dataset';

interface Behaviour {
  body: Buffer;
  /** Cut the connection after this many body bytes, on the first `cutTimes` requests. */
  cutAt?: number;
  cutTimes?: number;
  ignoreRange?: boolean;
  notFound?: boolean;
  redirect?: boolean;
}

interface Served {
  url: string;
  requests: { path: string; range?: string }[];
  close(): Promise<void>;
}

/** A loopback HTTP server (127.0.0.1, port 0) serving one file with Range support, or misbehaving on purpose. */
async function serve(b: Behaviour): Promise<Served> {
  const requests: Served['requests'] = [];
  let cuts = 0;
  const server = http.createServer((req, res) => {
    requests.push({ path: req.url ?? '', range: req.headers.range });
    if (b.redirect && req.url === '/old/cifar-10-binary.tar.gz') {
      res.writeHead(302, { location: '/data/cifar-10-binary.tar.gz' });
      res.end();
      return;
    }
    if (b.notFound) {
      res.writeHead(404);
      res.end('no');
      return;
    }
    const total = b.body.length;
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    let start = 0;
    if (m && !b.ignoreRange) {
      start = Number(m[1]);
      if (start >= total) {
        res.writeHead(416, { 'content-range': `bytes */${total}` });
        res.end();
        return;
      }
      res.writeHead(206, { 'content-range': `bytes ${start}-${total - 1}/${total}`, 'content-length': total - start });
    } else {
      res.writeHead(200, { 'content-length': total });
    }
    const body = b.body.subarray(start);
    if (b.cutAt !== undefined && cuts < (b.cutTimes ?? 1) && start < b.cutAt) {
      cuts += 1;
      // A graceful close (FIN) after the bytes are written: the client gets exactly cutAt bytes, then a short body.
      res.write(body.subarray(0, b.cutAt - start), () => res.socket?.end());
      return;
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${b.redirect ? 'old' : 'data'}/cifar-10-binary.tar.gz`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const RECORDS = 10;
let tmp: string;
let tarball: { file: string; md5: string; bytes: number };
let body: Buffer;
let counter = 0;
const freshDest = () => path.join(tmp, `dest-${++counter}`);
const expectPath = 'cifar-10-batches-bin/data_batch_1.bin';

beforeAll(async () => {
  tmp = makeTempDir('fetch');
  tarball = await generateCifar10Tarball(path.join(tmp, 'src', 'cifar-10-binary.tar.gz'), { seed: 3, recordsPerFile: RECORDS });
  body = fs.readFileSync(tarball.file);
});
afterAll(() => removeDir(tmp));

describe('fetchArchive against a loopback server', () => {
  it('downloads, verifies, extracts a loadable tree, removes the archive, and skips a second time', async () => {
    const server = await serve({ body });
    try {
      const dest = freshDest();
      const result = await fetchArchive({ url: server.url, md5: tarball.md5, dest, expect: expectPath, retryDelayMs: 0 });
      expect(result).toMatchObject({ skipped: false, downloaded: true, entries: ['cifar-10-batches-bin'], resumedFrom: [] });
      expect(loadCifar10(dest, { recordsPerFile: RECORDS }).train.count).toBe(5 * RECORDS);
      expect(fs.readdirSync(dest).sort()).toEqual([FETCH_MARKER, 'cifar-10-batches-bin']);
      const again = await fetchArchive({ url: server.url, md5: tarball.md5, dest, expect: expectPath });
      expect(again.skipped).toBe(true);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('a corrupted download fails the checksum: typed error, download deleted, nothing extracted', async () => {
    const corrupted = Buffer.from(body);
    corrupted[Math.floor(corrupted.length / 2)] ^= 0xff;
    const server = await serve({ body: corrupted });
    try {
      const dest = freshDest();
      const run = fetchArchive({ url: server.url, md5: tarball.md5, dest, expect: expectPath, retryDelayMs: 0 });
      await expect(run).rejects.toThrow(DataFormatError);
      await expect(run).rejects.toThrow(new RegExp(`checksum mismatch: .*cifar-10-binary\\.tar\\.gz\\.part has md5 ${md5Bytes(corrupted)}, expected ${tarball.md5}; the download was deleted`));
      expect(fs.existsSync(dest)).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('an interrupted transfer resumes with an HTTP Range request from the bytes already received', async () => {
    const cut = Math.floor(body.length * 0.4);
    const server = await serve({ body, cutAt: cut });
    try {
      const dest = freshDest();
      const result = await fetchArchive({ url: server.url, md5: tarball.md5, dest, expect: expectPath, retryDelayMs: 0 });
      expect(server.requests.map((r) => r.range)).toEqual([undefined, `bytes=${cut}-`]);
      expect(result.resumedFrom).toEqual([cut]);
      expect(loadCifar10(dest, { recordsPerFile: RECORDS }).test.count).toBe(RECORDS);
    } finally {
      await server.close();
    }
  });

  it('with no retries left, keeps the partial file and resumes from it on the next run', async () => {
    const cut = Math.floor(body.length * 0.3);
    const server = await serve({ body, cutAt: cut, cutTimes: 1 });
    try {
      const dest = freshDest();
      const first = fetchArchive({ url: server.url, md5: tarball.md5, dest, expect: expectPath, retries: 0 });
      await expect(first).rejects.toThrow(DataMissingError);
      await expect(first).rejects.toThrow(new RegExp(`transfer interrupted at byte ${cut} of ${body.length}`));
      expect(fs.statSync(path.join(dest, 'cifar-10-binary.tar.gz.part')).size).toBe(cut);
      expect(fs.existsSync(path.join(dest, 'cifar-10-batches-bin'))).toBe(false);
      const second = await fetchArchive({ url: server.url, md5: tarball.md5, dest, expect: expectPath, retries: 0 });
      expect(second.resumedFrom).toEqual([cut]);
      expect(server.requests.map((r) => r.range)).toEqual([undefined, `bytes=${cut}-`]);
      expect(fs.existsSync(path.join(dest, 'cifar-10-binary.tar.gz.part'))).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('a server that ignores Range makes the download start over rather than splice', async () => {
    const server = await serve({ body, ignoreRange: true, cutAt: 1000 });
    try {
      const dest = freshDest();
      const result = await fetchArchive({ url: server.url, md5: tarball.md5, dest, expect: expectPath, retryDelayMs: 0 });
      expect(result.resumedFrom).toEqual([]);
      expect(server.requests.map((r) => r.range)).toEqual([undefined, 'bytes=1000-']);
    } finally {
      await server.close();
    }
  });

  it('follows redirects', async () => {
    const server = await serve({ body, redirect: true });
    try {
      const result = await fetchArchive({ url: server.url, md5: tarball.md5, dest: freshDest(), expect: expectPath });
      expect(result.downloaded).toBe(true);
      expect(server.requests.map((r) => r.path)).toEqual(['/old/cifar-10-binary.tar.gz', '/data/cifar-10-binary.tar.gz']);
    } finally {
      await server.close();
    }
  });

  it('says clearly when the network is unreachable', async () => {
    const server = await serve({ body });
    const url = server.url;
    await server.close();
    const dest = freshDest();
    const run = fetchArchive({ url, md5: tarball.md5, dest, retryDelayMs: 0 });
    await expect(run).rejects.toThrow(DataMissingError);
    await expect(run).rejects.toThrow(/network unreachable: cannot connect to 127\.0\.0\.1:\d+ .*\(ECONNREFUSED\)/);
    await expect(run).rejects.toMatchObject({ hint: expect.stringMatching(/save it as .*cifar-10-binary\.tar\.gz: the fetch then verifies and extracts it/) });
    expect(fs.existsSync(dest)).toBe(false);
  });

  it('uses an archive placed by hand without the network, and refuses (but keeps) one whose md5 differs', async () => {
    const dest = freshDest();
    fs.mkdirSync(dest);
    fs.copyFileSync(tarball.file, path.join(dest, 'cifar-10-binary.tar.gz'));
    const offline = 'http://127.0.0.1:9/cifar-10-binary.tar.gz';
    const result = await fetchArchive({ url: offline, md5: tarball.md5, dest, expect: expectPath, keepArchive: true });
    expect(result).toMatchObject({ downloaded: false, entries: ['cifar-10-batches-bin'] });
    expect(fs.existsSync(path.join(dest, 'cifar-10-binary.tar.gz'))).toBe(true);
    const other = freshDest();
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'cifar-10-binary.tar.gz'), 'not the archive');
    await expect(fetchArchive({ url: offline, md5: tarball.md5, dest: other })).rejects.toThrow(/checksum mismatch: .*cifar-10-binary\.tar\.gz has md5 [0-9a-f]{32}, expected/);
    expect(fs.readdirSync(other)).toEqual(['cifar-10-binary.tar.gz']);
  });

  it('reports an HTTP error status', async () => {
    const server = await serve({ body, notFound: true });
    try {
      await expect(fetchArchive({ url: server.url, md5: tarball.md5, dest: freshDest() })).rejects.toThrow(/HTTP 404/);
    } finally {
      await server.close();
    }
  });

  it('refuses an archive without the expected layout, extracting nothing', async () => {
    const other = path.join(tmp, 'other');
    fs.mkdirSync(path.join(other, 'stuff'), { recursive: true });
    fs.writeFileSync(path.join(other, 'stuff', 'a.txt'), 'hello');
    const tar = await createTarball(other, ['stuff'], path.join(tmp, 'src', 'other.tar.gz'));
    const server = await serve({ body: fs.readFileSync(tar.file) });
    try {
      const dest = freshDest();
      await expect(fetchArchive({ url: server.url, md5: tar.md5, dest, expect: expectPath })).rejects.toThrow(/archive does not contain cifar-10-batches-bin\/data_batch_1\.bin/);
      expect(fs.readdirSync(dest)).toEqual(['cifar-10-binary.tar.gz']);
    } finally {
      await server.close();
    }
  });
});

describe('fetch CLI', () => {
  it('parses both --flag value and --flag=value', () => {
    expect(parseFetchArgs(['cifar10', '--url=http://x/y.tar', '--dest', 'd', '--keep-archive', '--retries', '2'])).toEqual({
      name: 'cifar10',
      url: 'http://x/y.tar',
      dest: 'd',
      md5: undefined,
      keepArchive: true,
      retries: 2,
    });
    expect(() => parseFetchArgs(['imagenet'])).toThrow(/data set must be one of cifar10, voc2012, got imagenet/);
    expect(() => parseFetchArgs(['voc2012', '--bogus'])).toThrow(/unknown option --bogus/);
    expect(() => parseFetchArgs(['voc2012', '--md5=xyz'])).toThrow(/--md5 must be 32 hex digits/);
    expect(() => parseFetchArgs(['voc2012', '--url'])).toThrow(/--url needs a value/);
  });

  it('fetches through the entry point and exits 0, 1 on a checksum mismatch, 2 on bad arguments', async () => {
    const server = await serve({ body });
    try {
      const lines: string[] = [];
      const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
      const dest = freshDest();
      expect(await runFetchCli(['cifar10', `--url=${server.url}`, `--dest=${dest}`, `--md5=${tarball.md5}`], silentProgress, io)).toBe(0);
      expect(lines.pop()).toMatch(new RegExp(`cifar10: downloaded, md5 ${tarball.md5} verified, extracted cifar-10-batches-bin into`));
      // Without --md5 the published CIFAR-10 checksum applies, which the generated tarball cannot match.
      expect(await runFetchCli(['cifar10', `--url=${server.url}`, `--dest=${freshDest()}`], silentProgress, io)).toBe(1);
      expect(lines.join('\n')).toMatch(/error: checksum mismatch: .*expected c32a1d4ab5d03f1284b67883e8d87530/);
      expect(await runFetchCli(['cifar100'], silentProgress, io)).toBe(2);
    } finally {
      await server.close();
    }
  });
});
