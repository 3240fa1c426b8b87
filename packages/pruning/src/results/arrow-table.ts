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

/**
 * Reads an Arrow file written with `spec`, checking every column is present with its type. A file that is not
 * Arrow, or was written with another schema, is an error that names it. Columns in `added` were added to the
 * schema later: an older file without them reads with the given value in every row.
 */
export function readArrowFile<S extends TableSpec>(file: string, spec: S, added: Partial<RowOf<S>> = {}): RowOf<S>[] {
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
  for (const [name, type] of Object.entries(spec)) {
    const field = table.schema.fields.find((f) => f.name === name);
    const expected = arrowType(type).toString();
    if (!field && name in added) {
      absent.add(name);
      continue;
    }
    if (!field) throw new DataFormatError(`${file}: schema mismatch: column '${name}' (${expected}) is missing`);
    if (field.type.toString() !== expected) {
      throw new DataFormatError(`${file}: schema mismatch: column '${name}' is ${field.type.toString()}, expected ${expected}`);
    }
  }
  const names = Object.keys(spec);
  const vectors = names.map((n) => table.getChild(n));
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
