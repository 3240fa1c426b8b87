import { Bool, DataType, Field, Float32, Float64, Int32, List, Table, tableFromIPC, tableToIPC, Utf8, Vector, vectorFromArray } from 'apache-arrow';
import { DataFormatError, writeFileAtomic } from '@l2p/runtime';
import * as fs from 'fs';

/** Column types the result tables use. Nullable everywhere: an unfinished step is a null, not a made-up value. */
export type ColumnType = 'utf8' | 'float64' | 'int32' | 'bool' | 'list-int32' | 'list-float32';

export type ColumnValue<T extends ColumnType> = T extends 'utf8'
  ? string | null
  : T extends 'bool'
    ? boolean | null
    : T extends 'list-int32'
      ? number[] | null
      : T extends 'list-float32'
        ? number[] | null
        : number | null;

export type TableSpec = Readonly<Record<string, ColumnType>>;
export type RowOf<S extends TableSpec> = { [K in keyof S]: ColumnValue<S[K]> };

function arrowType(type: ColumnType): DataType {
  switch (type) {
    case 'utf8':
      return new Utf8();
    case 'float64':
      return new Float64();
    case 'int32':
      return new Int32();
    case 'bool':
      return new Bool();
    case 'list-int32':
      return new List(new Field('item', new Int32(), false));
    case 'list-float32':
      return new List(new Field('item', new Float32(), false));
  }
}

/** Builds an Arrow table from rows, column by column, with the spec's types (no inference). */
export function toArrowTable<S extends TableSpec>(spec: S, rows: readonly RowOf<S>[]): Table {
  const columns: Record<string, Vector> = {};
  for (const [name, type] of Object.entries(spec)) {
    columns[name] = vectorFromArray<DataType>(
      rows.map((r) => (r as Record<string, unknown>)[name] ?? null),
      arrowType(type),
    );
  }
  return new Table(columns);
}

/** Writes rows as an Arrow IPC *file* (random-access format), atomically. */
export function writeArrowFile<S extends TableSpec>(file: string, spec: S, rows: readonly RowOf<S>[]): void {
  writeFileAtomic(file, tableToIPC(toArrowTable(spec, rows), 'file'));
}

/** Columns renamed after files were written: new name → the name older files have. */
export type RenamedColumns<S extends TableSpec> = Partial<Record<keyof S & string, string>>;

/** How a file written under an older version of a spec still reads. */
export interface ReadCompat<S extends TableSpec> {
  /** Columns added later: an older file without one reads with the given value in every row. */
  readonly added?: Partial<RowOf<S>>;
  /** Columns renamed later: an older file's column under the old name reads under the new one. */
  readonly renamed?: RenamedColumns<S>;
}

/**
 * Reads an Arrow file written with `spec`, checking every column is present with its type. A file that is not
 * Arrow, or was written with another schema, is an error that names it. `compat` lets files written before a
 * column was added or renamed still read (RESULT_FILES lists it per file).
 */
export function readArrowFile<S extends TableSpec>(file: string, spec: S, compat: ReadCompat<S> = {}): RowOf<S>[] {
  const added: Partial<RowOf<S>> = compat.added ?? {};
  const renamed: Record<string, string | undefined> = compat.renamed ?? {};
  let table: Table;
  try {
    table = tableFromIPC(fs.readFileSync(file));
  } catch (err) {
    throw new DataFormatError(`${file}: not a readable Arrow IPC file (${err instanceof Error ? err.message : String(err)})`);
  }
  if (table.schema.fields.length === 0 && table.numRows === 0 && fs.statSync(file).size > 0) {
    throw new DataFormatError(`${file}: not a readable Arrow IPC file (no schema found)`);
  }
  const absent = new Set<string>();
  // The file's name of each spec column: its own, or the one it had before it was renamed.
  const stored = new Map<string, string>();
  for (const [name, type] of Object.entries(spec)) {
    const old = renamed[name];
    const source = !table.schema.fields.some((f) => f.name === name) && old !== undefined && table.schema.fields.some((f) => f.name === old) ? old : name;
    const field = table.schema.fields.find((f) => f.name === source);
    const expected = arrowType(type).toString();
    if (!field && name in added) {
      absent.add(name);
      continue;
    }
    if (!field) throw new DataFormatError(`${file}: schema mismatch: column '${name}' (${expected}) is missing${old ? ` (nor is its old name '${old}' there)` : ''}`);
    if (field.type.toString() !== expected) {
      throw new DataFormatError(`${file}: schema mismatch: column '${source}' is ${field.type.toString()}, expected ${expected}`);
    }
    stored.set(name, source);
  }
  const names = Object.keys(spec);
  const vectors = names.map((n) => table.getChild(stored.get(n) ?? n));
  const rows: RowOf<S>[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    names.forEach((name, c) => {
      if (absent.has(name)) {
        row[name] = (added as Record<string, unknown>)[name] ?? null;
        return;
      }
      const value = vectors[c]?.get(i);
      const type = spec[name];
      row[name] = value === null || value === undefined ? null : type.startsWith('list-') ? Array.from(value as Iterable<number>) : value;
    });
    rows.push(row as RowOf<S>);
  }
  return rows;
}
