import { SeedStat } from '../aggregate/stats';

/**
 * Text formatting for the page. Nothing here depends on the locale or the clock (no toLocaleString, no Date
 * without an ISO input), so the same results give the same bytes on every machine.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Tagged template that escapes interpolated strings and numbers; `raw()` marks trusted HTML. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function raw(text: string): Html {
  return new Html(text);
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0];
  parts.forEach((p, i) => {
    out += render(p) + strings[i + 1];
  });
  return new Html(out);
}

export function join(parts: readonly Part[], separator = ''): Html {
  return new Html(parts.map(render).join(separator));
}

export function fixed(x: number, digits: number): string {
  const s = x.toFixed(digits);
  return s === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : s; // never print "-0.00"
}

/** 14987722 → "14,987,722". */
export function grouped(n: number): string {
  const sign = n < 0 ? '-' : '';
  const [int, frac] = Math.abs(n).toString().split('.');
  return `${sign}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
}

/** 14987722 → "14.99 M", 3.13e8 → "313.0 M": counts of parameters and MACs. */
export function si(n: number): string {
  const units: [number, string][] = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [scale, unit] of units) {
    if (Math.abs(n) >= scale) {
      const v = n / scale;
      return `${fixed(v, Math.abs(v) >= 100 ? 1 : 2)} ${unit}`;
    }
  }
  return fixed(n, 0);
}

/** Decimal bytes (kB = 1000 B), as file sizes are usually quoted for downloads. */
export function bytes(n: number): string {
  if (Math.abs(n) < 1000) return `${fixed(n, 0)} B`;
  const units = ['kB', 'MB', 'GB'];
  let v = n;
  let unit = 'B';
  for (const u of units) {
    if (Math.abs(v) < 1000) break;
    v /= 1000;
    unit = u;
  }
  return `${fixed(v, Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2)} ${unit}`;
}

export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(sec).padStart(2, '0')} s`;
  if (ms < 10_000) return `${fixed(ms / 1000, 1)} s`;
  return `${sec} s`;
}

/** "2025-11-22T01:33:05.120Z" → "2025-11-22 01:33 UTC" (the input is kept if it is not an ISO date). */
export function isoMinute(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** b values print as given (0.5, 2), never padded. */
export function bText(b: number | null): string {
  return b === null ? 'fixed plan' : String(b);
}

export const MISSING = '—';

/** A number for reading: fixed digits with a real minus sign (never in SVG attributes, which need '-'). */
export function shown(x: number, digits: number): string {
  return fixed(x, digits).replace(/^-/, '−');
}

/** A signed change with a real minus sign: "+1.2", "−0.4". */
export function signed(x: number, digits: number): string {
  const s = fixed(x, digits);
  return s.startsWith('-') ? `−${s.slice(1)}` : `+${s}`;
}

/** A table cell for a mean over seeds, with the min–max range underneath when there are several seeds. */
export function statCell(stat: SeedStat | null, digits: number, missingTitle: string, extraClass = '', note?: string): Html {
  const cls = `num${extraClass ? ` ${extraClass}` : ''}`;
  if (!stat) return html`<td class="${cls} missing" title="${missingTitle}">${MISSING}</td>`;
  const noteLine = note ? html`<span class="range seeds-short">${note}</span>` : '';
  if (stat.n === 1) return html`<td class="${cls}" title="1 seed">${shown(stat.mean, digits)}${noteLine}</td>`;
  if (shown(stat.min, digits) === shown(stat.max, digits)) {
    return html`<td class="${cls}" title="${`${stat.n} seeds, all ${shown(stat.mean, digits)}`}">${shown(stat.mean, digits)}${noteLine}</td>`;
  }
  const title = `mean of ${stat.n} seeds; min ${shown(stat.min, digits)}, max ${shown(stat.max, digits)}`;
  return html`<td class="${cls}" title="${title}">${shown(stat.mean, digits)}<span class="range">${shown(stat.min, digits)}–${shown(stat.max, digits)}</span>${noteLine}</td>`;
}

export function missingCell(title: string, extraClass = ''): Html {
  return html`<td class="${`missing${extraClass ? ` ${extraClass}` : ''}`}" title="${title}">${MISSING}</td>`;
}
