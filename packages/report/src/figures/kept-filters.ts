import type { FirstLayerRow } from '@l2p/pruning';
import { sortedUnique } from '../aggregate/stats';
import { escapeHtml, fixed } from '../html/format';
import { ExperimentModel } from '../model';
import { FONT_STACK, INK, KEPT_OUTLINE, MUTED } from '../charts/theme';

/** One row of the figure: the first layer's filters with those one run kept outlined. */
export interface KeptFiltersRow {
  b: number;
  seed: number | null;
  runId: string | null;
  kept: number[];
  total: number;
  /** How many kept filters are also among the `kept.length` filters of largest L1 norm. */
  l1Overlap: number;
  /** The overlap a uniformly random choice of the same size would have on average: k²/N. */
  randomOverlap: number;
  /** The run has not finished (its later layers, and fine-tuning, may still change the network). */
  unfinished: boolean;
}

export interface KeptFiltersFigure {
  svg: string;
  rows: KeptFiltersRow[];
  layer: string;
  kernel: number;
  inChannels: number;
}

const TILE = 27;
const GAP = 6;
const LABEL_WIDTH = 168;
const MAX_COLUMNS = 24;

function l1Ranking(filters: FirstLayerRow[]): number[] {
  const norms = filters.map((f, i) => ({ i, norm: (f.values ?? []).reduce((s, v) => s + Math.abs(v), 0) }));
  return norms.sort((a, b) => b.norm - a.norm || a.i - b.i).map((n) => n.i);
}

/**
 * A filter's k×k×in weights as k×k colours: RGB when in = 3, grey (channel mean) otherwise. One scale for the
 * whole layer (0 = mid-grey, ±max|w| = black/white) so a weak filter looks weak, as it does to an L1 criterion.
 */
function tilePixels(values: readonly number[], k: number, inChannels: number, maxAbs: number): string[] {
  const level = (v: number): number => Math.max(0, Math.min(255, Math.round(127.5 + (127.5 * v) / maxAbs)));
  const hex = (n: number): string => n.toString(16).padStart(2, '0');
  const colours: string[] = [];
  for (let p = 0; p < k * k; p++) {
    const px = values.slice(p * inChannels, (p + 1) * inChannels);
    const [r, g, b] = inChannels === 3 ? px.map(level) : Array(3).fill(level(px.reduce((s, v) => s + v, 0) / Math.max(1, inChannels)));
    colours.push(`#${hex(r)}${hex(g)}${hex(b)}`);
  }
  return colours;
}

/**
 * The paper's kept-filters figure: the base model's first conv filters as small colour tiles, one row per b,
 * the filters that run kept outlined in red. Built by hand as SVG (pixels as rects), not through vega.
 */
export function keptFiltersFigure(model: ExperimentModel, method: string): KeptFiltersFigure | null {
  const filters = [...model.firstLayer].filter((f) => f.filter !== null && f.values !== null).sort((a, b) => (a.filter as number) - (b.filter as number));
  if (filters.length === 0) return null;
  const layer = filters[0].layer ?? 'first conv layer';
  const k = filters[0].kernel ?? Math.round(Math.sqrt((filters[0].values as number[]).length / 3));
  const inChannels = filters[0].in_channels ?? 3;
  const firstRows = model.layers.filter((r) => r.method === method && r.layer_index === 0 && r.b !== null && r.kept_indices !== null);
  const rows: KeptFiltersRow[] = [];
  const ranking = l1Ranking(filters);
  for (const b of sortedUnique(firstRows.map((r) => r.b))) {
    const candidates = firstRows.filter((r) => r.b === b).sort((x, y) => (x.seed ?? 0) - (y.seed ?? 0));
    const run = candidates[0];
    const kept = [...(run.kept_indices as number[])].sort((x, y) => x - y);
    const topL1 = new Set(ranking.slice(0, kept.length));
    rows.push({
      b,
      seed: run.seed,
      runId: run.run_id,
      kept,
      total: filters.length,
      l1Overlap: kept.filter((i) => topL1.has(i)).length,
      randomOverlap: (kept.length * kept.length) / filters.length,
      unfinished: model.jobs.some((j) => j.runId === run.run_id && j.status !== 'done'),
    });
  }
  const maxAbs = Math.max(1e-12, ...filters.flatMap((f) => (f.values as number[]).map(Math.abs)));
  const lines = Math.ceil(filters.length / MAX_COLUMNS);
  const columns = Math.ceil(filters.length / lines);
  const step = TILE + GAP;
  const px = TILE / k;
  const rowHeight = Math.max(lines * step, 52) + 14;
  const figureRows = rows.length > 0 ? rows : [null];
  const width = LABEL_WIDTH + columns * step;
  const height = figureRows.length * rowHeight;
  const tiles = filters.map((f) => tilePixels(f.values as number[], k, inChannels, maxAbs));

  const parts: string[] = [];
  figureRows.forEach((row, r) => {
    const top = r * rowHeight + 6;
    const keptSet = new Set(row?.kept ?? []);
    parts.push(`<g class="kept-row">`);
    if (row) {
      const title = `b = ${row.b}${row.seed !== null ? `, seed ${row.seed}` : ''}: kept ${row.kept.length} of ${row.total}`;
      parts.push(`<title>${escapeHtml(title)}</title>`);
      parts.push(`<text x="0" y="${top + 14}" font-size="14" font-weight="600" fill="${INK}">b = ${escapeHtml(String(row.b))}</text>`);
      parts.push(`<text x="0" y="${top + 32}" font-size="11.5" fill="${MUTED}">kept ${row.kept.length} of ${row.total}${row.seed !== null ? ` · seed ${row.seed}` : ''}${row.unfinished ? ' · unfinished' : ''}</text>`);
      parts.push(`<text x="0" y="${top + 48}" font-size="11.5" fill="${MUTED}">${row.l1Overlap} among top-${row.kept.length} L1 (random ≈ ${fixed(row.randomOverlap, 1)})</text>`);
    } else {
      parts.push(`<text x="0" y="${top + 14}" font-size="13" fill="${MUTED}">no run has pruned this layer yet</text>`);
    }
    tiles.forEach((pixels, i) => {
      const x = LABEL_WIDTH + (i % columns) * step;
      const y = top + Math.floor(i / columns) * step;
      parts.push(`<g transform="translate(${x},${y})">`);
      pixels.forEach((colour, p) => {
        parts.push(`<rect x="${fixed((p % k) * px, 2)}" y="${fixed(Math.floor(p / k) * px, 2)}" width="${fixed(px, 2)}" height="${fixed(px, 2)}" fill="${colour}"/>`);
      });
      const kept = keptSet.has(i);
      parts.push(
        kept
          ? `<rect x="-2" y="-2" width="${TILE + 4}" height="${TILE + 4}" fill="none" stroke="${KEPT_OUTLINE}" stroke-width="2.5"/>`
          : `<rect x="-0.5" y="-0.5" width="${TILE + 1}" height="${TILE + 1}" fill="none" stroke="#d5dae1" stroke-width="1"/>`,
      );
      parts.push('</g>');
    });
    parts.push('</g>');
  });
  const label = `${layer}: ${filters.length} filters of ${k}×${k}×${inChannels}, kept filters outlined in red, one row per b`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(label)}" ` +
    `font-family="${escapeHtml(FONT_STACK)}" shape-rendering="crispEdges">${parts.join('')}</svg>`;
  return { svg, rows, layer, kernel: k, inChannels };
}
