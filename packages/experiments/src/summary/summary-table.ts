import { SummaryRow } from '@l2p/pruning';

/** The sweep's summary as a plain-text table (what `l2p sweep` prints at the end). */
export function formatSummaryTable(rows: readonly SummaryRow[]): string {
  if (rows.length === 0) return 'no finished jobs yet\n';
  const metric = rows[0].metric === 'mean-iu' ? 'mIU' : 'acc';
  const f = (v: number | null, d = 2): string => (v === null || Number.isNaN(v) ? '—' : v.toFixed(d));
  const sorted = [...rows].sort((a, b) => (a.b ?? -1) - (b.b ?? -1) || String(a.method).localeCompare(String(b.method)) || (a.seed ?? 0) - (b.seed ?? 0));
  const header = ['method', 'b', 'seed', 'filters', 'filt%', 'params%', 'MACs%', `${metric} before`, 'no-FT', 'after', 'drop'];
  const body = sorted.map((r) => [
    String(r.method),
    r.b === null ? '—' : String(r.b),
    String(r.seed),
    `${r.filters_after}/${r.filters_before}`,
    f(r.filters_pruned_pct, 1),
    f(r.params_pruned_pct, 1),
    f(r.macs_pruned_pct, 1),
    f(r.test_before),
    f(r.test_at_decision),
    f(r.test_after),
    f(r.drop),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n')}\n`;
}
