import * as fs from 'fs';
import * as path from 'path';
import { DataFormatError, ensureDir, readJson, silentProgress, writeJsonAtomic, type ProgressSink } from '@l2p/runtime';
import { md5File } from '../util/md5';
import { isFile, workspaceRoot } from '../util/paths';
import { downloadWithResume } from './download';
import { extractArchive } from './extract';
import { datasetSource } from './sources';

export interface FetchOptions {
  readonly url: string;
  /** Published md5 of the archive; a download that does not match is deleted and nothing is extracted. */
  readonly md5: string;
  /** Directory the archive is extracted into. */
  readonly dest: string;
  /** A path (relative to `dest`) the archive must contain. */
  readonly expect?: string;
  /** Keep the archive after extraction. Default false (VOC's is 2 GB). */
  readonly keepArchive?: boolean;
  readonly progress?: ProgressSink;
  /** See DownloadOptions. */
  readonly retries?: number;
  readonly retryDelayMs?: number;
  readonly timeoutMs?: number;
}

export interface FetchResult {
  readonly dest: string;
  /** True when an earlier fetch of the same archive (same md5) was already complete. */
  readonly skipped: boolean;
  /** True when bytes were downloaded (false when the archive was already there). */
  readonly downloaded: boolean;
  readonly resumedFrom: readonly number[];
  readonly entries: readonly string[];
  readonly md5: string;
}

/** Written last, so its presence means the extraction finished. */
export const FETCH_MARKER = '.fetched.json';

interface Marker {
  url: string;
  md5: string;
  entries: string[];
}

function alreadyFetched(dest: string, md5: string): Marker | undefined {
  const file = path.join(dest, FETCH_MARKER);
  if (!isFile(file)) return undefined;
  try {
    const marker = readJson<Marker>(file);
    if (marker.md5 === md5 && marker.entries.every((e) => fs.existsSync(path.join(dest, e)))) return marker;
  } catch {
    // An unreadable marker just means "fetch again".
  }
  return undefined;
}

function archiveName(url: string): string {
  const name = new URL(url).pathname.split('/').pop();
  return name && name.length > 0 ? name : 'download.tar';
}

/**
 * Downloads (resumably), verifies the md5 and extracts an archive. Nothing is extracted from an archive whose
 * checksum does not match, and a failed download leaves only its `.part` file.
 */
export async function fetchArchive(options: FetchOptions): Promise<FetchResult> {
  const dest = path.resolve(options.dest);
  const md5 = options.md5.toLowerCase();
  const done = alreadyFetched(dest, md5);
  if (done) return { dest, skipped: true, downloaded: false, resumedFrom: [], entries: done.entries, md5 };
  const created = !fs.existsSync(dest);
  ensureDir(dest);
  try {
    return await fetchInto(dest, md5, options);
  } catch (err) {
    // Leave no trace of a run that fetched nothing (a kept .part file is not nothing: the next run resumes it).
    if (created && fs.readdirSync(dest).length === 0) fs.rmdirSync(dest);
    throw err;
  }
}

async function fetchInto(dest: string, md5: string, options: FetchOptions): Promise<FetchResult> {
  const archive = path.join(dest, archiveName(options.url));
  const progress = options.progress ?? silentProgress;
  let downloaded = false;
  let resumedFrom: readonly number[] = [];
  if (isFile(archive)) {
    const actual = await md5File(archive);
    if (actual !== md5) {
      throw new DataFormatError(
        `checksum mismatch: ${archive} has md5 ${actual}, expected ${md5}`,
        `it was not downloaded by this run; delete it and run the fetch again`,
      );
    }
  } else {
    const part = `${archive}.part`;
    const result = await downloadWithResume({
      url: options.url,
      partFile: part,
      progress,
      retries: options.retries,
      retryDelayMs: options.retryDelayMs,
      timeoutMs: options.timeoutMs,
    });
    downloaded = true;
    resumedFrom = result.resumedFrom;
    const actual = await md5File(part);
    if (actual !== md5) {
      fs.rmSync(part, { force: true });
      throw new DataFormatError(
        `checksum mismatch: ${options.url} downloaded as ${part} has md5 ${actual}, expected ${md5}; the download was deleted`,
        'run the fetch again; if it repeats, the server or a proxy serves a different file (check --url)',
      );
    }
    fs.renameSync(part, archive);
  }
  const task = progress.start(`extract ${path.basename(archive)}`, 0, 'archive');
  const entries = await extractArchive(archive, dest, options.expect);
  task.done();
  writeJsonAtomic(path.join(dest, FETCH_MARKER), { url: options.url, md5, entries } satisfies Marker);
  if (!options.keepArchive) fs.rmSync(archive, { force: true });
  return { dest, skipped: false, downloaded, resumedFrom, entries, md5 };
}

/** The default destination of a named data set: datasets/<name> in the repository. */
export function defaultDatasetDir(name: string): string {
  return path.join(workspaceRoot, 'datasets', name);
}

/** fetchArchive with a named data set's published URL, md5 and layout check; any of them can be overridden. */
export function fetchDataset(
  name: string,
  overrides: Partial<Omit<FetchOptions, 'expect'>> = {},
): Promise<FetchResult> {
  const source = datasetSource(name);
  return fetchArchive({
    ...overrides,
    url: overrides.url ?? source.url,
    md5: overrides.md5 ?? source.md5,
    dest: overrides.dest ?? defaultDatasetDir(name),
    expect: source.expect,
  });
}
