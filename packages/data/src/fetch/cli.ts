/**
 * Entry script of the `datasets` Nx targets: `npx tsx packages/data/src/fetch/cli.ts <name> [--url URL] [--dest DIR]
 * [--md5 HEX] [--keep-archive] [--retries N]`, `<name>` a data set of the registry with a `fetch`. Exits 0 on
 * success, 2 on bad arguments, 1 on any other failure, printing the error and a hint.
 */
import * as path from 'path';
import { ConfigError, createProgress, L2pError, type ProgressSink } from '@l2p/runtime';
import { fetchDataset, type FetchResult } from './fetch-dataset';
import { fetchableDatasets, isFetchableDataset } from './sources';

export interface FetchCliArgs {
  /** A downloadable data set of the registry (one with a `fetch`). */
  readonly name: string;
  readonly url?: string;
  readonly dest?: string;
  readonly md5?: string;
  readonly keepArchive: boolean;
  readonly retries?: number;
}

/** The usage line, with the downloadable sets of the registry. */
const usage = (): string => `usage: fetch <${fetchableDatasets().join('|')}> [--url URL] [--dest DIR] [--md5 HEX] [--keep-archive] [--retries N]`;

/** Parses `--flag value` and `--flag=value` forms (Nx forwards extra target arguments as the latter). */
export function parseFetchArgs(argv: readonly string[]): FetchCliArgs {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const key = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (key === 'keep-archive') {
      flags[key] = true;
    } else if (['url', 'dest', 'md5', 'retries'].includes(key)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value.length === 0) throw new ConfigError(`--${key} needs a value (${usage()})`);
      flags[key] = value;
    } else {
      throw new ConfigError(`unknown option --${key} (${usage()})`);
    }
  }
  if (positional.length !== 1 || !isFetchableDataset(positional[0])) {
    throw new ConfigError(`data set must be one of ${fetchableDatasets().join(', ')}, got ${positional.join(' ') || 'nothing'} (${usage()})`);
  }
  const str = (k: string): string | undefined => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
  const md5 = str('md5');
  if (md5 !== undefined && !/^[0-9a-fA-F]{32}$/.test(md5)) throw new ConfigError(`--md5 must be 32 hex digits, got ${md5}`);
  const retriesText = str('retries');
  const retries = retriesText === undefined ? undefined : Number(retriesText);
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0)) throw new ConfigError(`--retries must be a non-negative integer, got ${retriesText}`);
  return { name: positional[0], url: str('url'), dest: str('dest'), md5, keepArchive: flags['keep-archive'] === true, retries };
}

export function describeFetch(name: string, result: FetchResult): string {
  const where = path.relative(process.cwd(), result.dest) || '.';
  if (result.skipped) return `${name}: already fetched into ${where} (md5 ${result.md5}); nothing to do`;
  const how = result.downloaded ? `downloaded${result.resumedFrom.length > 0 ? ` (resumed from byte ${result.resumedFrom.join(', ')})` : ''}` : 'found the archive';
  return `${name}: ${how}, md5 ${result.md5} verified, extracted ${result.entries.join(', ')} into ${where}`;
}

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

export async function runFetchCli(argv: readonly string[], progress: ProgressSink, io: CliOutput): Promise<number> {
  try {
    const args = parseFetchArgs(argv);
    const result = await fetchDataset(args.name, {
      url: args.url,
      md5: args.md5,
      dest: args.dest !== undefined ? path.resolve(args.dest) : undefined,
      keepArchive: args.keepArchive,
      retries: args.retries,
      progress,
    });
    io.out(describeFetch(args.name, result));
    return 0;
  } catch (err) {
    if (!(err instanceof L2pError)) throw err;
    io.err(`error: ${err.message}`);
    if (err.hint) io.err(`  hint: ${err.hint}`);
    return err instanceof ConfigError ? 2 : 1;
  }
}

if (require.main === module) {
  runFetchCli(process.argv.slice(2), createProgress(), { out: (l) => console.log(l), err: (l) => console.error(l) }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
