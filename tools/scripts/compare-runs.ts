/**
 * Compares the results of two runs directories value by value: every Arrow table of every job (summary, layers,
 * updates, uniform, classes, deploy), every column but those that time or describe the machine. A refactor that
 * changes no result leaves no difference. Usage:
 *   npx tsx tools/scripts/compare-runs.ts <runs-dir-before> <runs-dir-after> [old=new ...] [--ignore=column ...]
 * `old=new` maps an old column name to a new one (a renamed Arrow column); `--ignore=column` leaves a column out
 * (e.g. model_json_bytes when only the stored description's format changed). Exit 0 when identical, 1 otherwise.
 */
import * as fs from 'fs';
import * as path from 'path';
import { tableFromIPC } from 'apache-arrow';

/** Columns that measure time or name the machine: they differ between any two runs. */
const VOLATILE = new Set(['wall_ms', 'latency_ms', 'backend', 'gzip_bytes']);

function tables(root: string): Map<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'checkpoint') walk(p);
      else if (e.isFile() && e.name.endsWith('.arrow')) {
        const table = tableFromIPC(fs.readFileSync(p));
        out.set(path.relative(root, p), table.toArray().map((r) => (r as { toJSON(): Record<string, unknown> }).toJSON()));
      }
    }
  };
  walk(root);
  return out;
}

function normalise(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'object' && v !== null && 'toArray' in v) return Array.from((v as { toArray(): ArrayLike<unknown> }).toArray(), normalise);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  return v;
}

function main(argv: string[]): number {
  const [before, after] = argv.filter((a) => !a.startsWith('--') && !a.includes('='));
  const renames = new Map(argv.filter((a) => a.includes('=') && !a.startsWith('--')).map((a) => a.split('=') as [string, string]));
  const ignored = new Set(argv.filter((a) => a.startsWith('--ignore=')).map((a) => a.slice('--ignore='.length)));
  if (!before || !after) {
    console.error('usage: compare-runs <runs-before> <runs-after> [old=new ...] [--ignore=column ...]');
    return 2;
  }
  const a = tables(before);
  const b = tables(after);
  let diffs = 0;
  const report = (msg: string): void => {
    diffs++;
    if (diffs <= 40) console.log(msg);
  };
  for (const file of new Set([...a.keys(), ...b.keys()])) {
    const ra = a.get(file);
    const rb = b.get(file);
    if (!ra || !rb) {
      report(`${file}: only in ${ra ? before : after}`);
      continue;
    }
    if (ra.length !== rb.length) report(`${file}: ${ra.length} rows vs ${rb.length}`);
    ra.slice(0, rb.length).forEach((row, i) => {
      for (const [colA, va] of Object.entries(row)) {
        if (VOLATILE.has(colA) || ignored.has(colA)) continue;
        const colB = renames.get(colA) ?? colA;
        if (!(colB in rb[i])) {
          report(`${file} row ${i}: column ${colA} missing after`);
          continue;
        }
        const x = JSON.stringify(normalise(va));
        const y = JSON.stringify(normalise(rb[i][colB]));
        if (x !== y) report(`${file} row ${i} ${colA}: ${x.slice(0, 120)} vs ${y.slice(0, 120)}`);
      }
    });
  }
  console.log(`${a.size} tables before, ${b.size} after: ${diffs === 0 ? 'identical' : `${diffs} differences`}`);
  return diffs === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
