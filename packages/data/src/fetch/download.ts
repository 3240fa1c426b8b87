import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import { ConfigError, DataMissingError, silentProgress, type ProgressSink } from '@l2p/runtime';

export interface DownloadOptions {
  readonly url: string;
  /** Where the bytes go. It stays between runs, so a later run resumes it with an HTTP Range request. */
  readonly partFile: string;
  readonly progress?: ProgressSink;
  /** Progress label. Default: the file name of the URL. */
  readonly label?: string;
  /** Automatic resumes after an interrupted transfer, within one call. Default 3. */
  readonly retries?: number;
  /** Wait before each automatic resume, multiplied by the attempt number. Default 1000 ms. */
  readonly retryDelayMs?: number;
  /** Idle time after which a connection counts as stalled. Default 30 s. */
  readonly timeoutMs?: number;
  /** Redirects followed per request. Default 5. */
  readonly maxRedirects?: number;
}

export interface DownloadResult {
  /** Size of the completed file. */
  readonly bytes: number;
  /** HTTP requests made, redirects not counted. */
  readonly requests: number;
  /** Byte offsets at which a request resumed an earlier partial file (one per Range request that was honoured). */
  readonly resumedFrom: readonly number[];
}

/** Connection failures that mean "no network from here", as opposed to a server that misbehaves. */
const UNREACHABLE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE']);

function unreachable(url: URL, err: NodeJS.ErrnoException, partFile: string): DataMissingError {
  return new DataMissingError(
    `network unreachable: cannot connect to ${url.host} for ${url.href} (${err.code ?? err.message})`,
    `check the connection and run the fetch again (a partial download in ${partFile} resumes), or download ${url.href} elsewhere and save it as ${partFile.replace(/\.part$/, '')}: the fetch then verifies and extracts it`,
  );
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function request(url: URL, headers: Record<string, string>, timeoutMs: number): Promise<{ req: http.ClientRequest; res: http.IncomingMessage }> {
  const mod = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (!mod) throw new ConfigError(`download URL must be http or https, got ${url.href}`);
  return new Promise((resolve, reject) => {
    const req = mod.get(url, { headers });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no data for ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.once('error', reject);
    req.once('response', (res) => resolve({ req, res }));
  });
}

type Outcome = { kind: 'complete' } | { kind: 'interrupted'; total?: number } | { kind: 'restart' };

/** One GET, following redirects; appends to `partFile` from its current size. */
async function fetchOnce(url: URL, options: Required<Pick<DownloadOptions, 'partFile' | 'timeoutMs' | 'maxRedirects'>> & { onBytes: (n: number, total?: number) => void; resumedFrom: number[] }): Promise<Outcome> {
  const offset = fileSize(options.partFile);
  const headers: Record<string, string> = { 'accept-encoding': 'identity', 'user-agent': 'learn-to-prune-fetch' };
  if (offset > 0) headers.range = `bytes=${offset}-`;
  let current = url;
  let response: http.IncomingMessage | undefined;
  for (let hop = 0; hop <= options.maxRedirects; hop++) {
    const { res } = await request(current, headers, options.timeoutMs);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      current = new URL(res.headers.location, current);
      continue;
    }
    response = res;
    break;
  }
  if (!response) throw new DataMissingError(`${url.href}: more than ${options.maxRedirects} redirects`);
  const res = response;
  const status = res.statusCode ?? 0;
  const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(String(res.headers['content-range'] ?? ''));
  if (status === 416) {
    res.resume();
    const whole = /^bytes \*\/(\d+)$/.exec(String(res.headers['content-range'] ?? ''));
    // Asking for bytes past the end of a file we hold completely: the earlier run finished the transfer.
    if (whole && Number(whole[1]) === offset) return { kind: 'complete' };
    fs.rmSync(options.partFile, { force: true });
    return { kind: 'restart' };
  }
  if (status !== 200 && status !== 206) {
    res.resume();
    throw new DataMissingError(`${current.href}: HTTP ${status} ${res.statusMessage ?? ''}`.trim(), 'check the URL (--url) or try again later');
  }
  let start = 0;
  let total: number | undefined;
  if (status === 206) {
    if (!range || Number(range[1]) !== offset) {
      // A range other than the one asked for: start the file over rather than splice mismatched bytes.
      res.resume();
      fs.rmSync(options.partFile, { force: true });
      return { kind: 'restart' };
    }
    start = offset;
    total = range[3] === '*' ? undefined : Number(range[3]);
    options.resumedFrom.push(offset);
  } else {
    const length = res.headers['content-length'];
    total = length !== undefined ? Number(length) : undefined;
  }
  let received = start;
  options.onBytes(start, total);
  // Each chunk is written synchronously as it arrives: with a stream (or stream.pipeline) an aborted response
  // loses data still buffered or queued, and every byte received must be on disk for the next request to resume.
  const fd = fs.openSync(options.partFile, start > 0 ? 'a' : 'w');
  let complete: boolean;
  try {
    complete = await new Promise<boolean>((resolve, reject) => {
      res.on('data', (chunk: Buffer) => {
        try {
          fs.writeSync(fd, chunk);
        } catch (err) {
          res.destroy();
          reject(err);
          return;
        }
        received += chunk.length;
        options.onBytes(chunk.length, total);
      });
      res.on('error', () => undefined);
      res.once('close', () => resolve(res.complete));
    });
  } finally {
    fs.closeSync(fd);
  }
  if (!complete) return { kind: 'interrupted', total };
  if (total !== undefined && received < total) return { kind: 'interrupted', total };
  return { kind: 'complete' };
}

/**
 * Downloads `url` into `partFile`, resuming from its current size with an HTTP Range request when it exists.
 * A transfer cut short is resumed automatically up to `retries` times; after that (or when the network is
 * unreachable) it throws DataMissingError and leaves the partial file for the next run.
 */
export async function downloadWithResume(options: DownloadOptions): Promise<DownloadResult> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new ConfigError(`download URL is not a valid URL: ${options.url}`);
  }
  const retries = options.retries ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const progress = options.progress ?? silentProgress;
  const label = options.label ?? (url.pathname.split('/').pop() || url.host);
  const resumedFrom: number[] = [];
  let task: ReturnType<ProgressSink['start']> | undefined;
  const onBytes = (n: number, total?: number): void => {
    task ??= progress.start(`download ${label}`, total ?? 0, 'B');
    task.tick(n);
  };
  let requests = 0;
  let failures = 0;
  for (;;) {
    requests += 1;
    let outcome: Outcome;
    try {
      outcome = await fetchOnce(url, {
        partFile: options.partFile,
        timeoutMs: options.timeoutMs ?? 30_000,
        maxRedirects: options.maxRedirects ?? 5,
        onBytes,
        resumedFrom,
      });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (!(e.code && UNREACHABLE_CODES.has(e.code))) throw err;
      if (failures >= retries || fileSize(options.partFile) === 0) throw unreachable(url, e, options.partFile);
      outcome = { kind: 'interrupted' };
    }
    if (outcome.kind === 'complete') {
      const bytes = fileSize(options.partFile);
      task?.done();
      return { bytes, requests, resumedFrom };
    }
    failures += 1;
    if (failures > retries) {
      const have = fileSize(options.partFile);
      const of = outcome.kind === 'interrupted' && outcome.total !== undefined ? ` of ${outcome.total}` : '';
      throw new DataMissingError(
        `${url.href}: transfer interrupted at byte ${have}${of} after ${failures} attempts`,
        `run the fetch again to resume from ${options.partFile}`,
      );
    }
    task = undefined;
    if (retryDelayMs > 0) await new Promise((r) => setTimeout(r, retryDelayMs * failures));
  }
}
