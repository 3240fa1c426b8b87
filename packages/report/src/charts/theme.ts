/** Fonts and colours shared by the page's CSS and the charts, so the SVGs sit in the text without a seam. */
export const FONT_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif';

export const INK = '#1d2430';
export const MUTED = '#5b6675';
export const RULE = '#e3e7ec';

/** One colour per method, the same in every chart; unknown methods take the tail colours in order. */
const METHOD_COLOURS: Record<string, string> = {
  agent: '#2f6db3',
  random: '#9a9a9a',
  l1: '#e07b28',
  taylor: '#3f9a5a',
};
const EXTRA_COLOURS = ['#8e5ea2', '#b8860b', '#17a2b8', '#c2547a'];

export function methodColours(methods: readonly string[]): { domain: string[]; range: string[] } {
  let extra = 0;
  return {
    domain: [...methods],
    range: methods.map((m) => METHOD_COLOURS[m] ?? EXTRA_COLOURS[extra++ % EXTRA_COLOURS.length]),
  };
}

/** Sequential colours for b values (small b light → large b dark), readable on white at every step. */
export function bColours(count: number): string[] {
  const ramp = ['#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c', '#08306b'];
  if (count <= 1) return [ramp[3]];
  return Array.from({ length: count }, (_, i) => ramp[Math.round((i * (ramp.length - 1)) / (count - 1))]);
}

export const KEPT_OUTLINE = '#d62728';

/** vega-lite `config` for every chart. */
export const CHART_CONFIG = {
  font: FONT_STACK,
  background: 'white',
  padding: 8,
  view: { stroke: null },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 600,
    labelColor: MUTED,
    titleColor: INK,
    gridColor: '#edf0f3',
    domainColor: '#aab3bf',
    tickColor: '#aab3bf',
  },
  legend: { labelLimit: 320, labelFontSize: 11, titleFontSize: 12, titleFontWeight: 600, labelColor: INK, titleColor: INK },
  header: { labelFontSize: 11, labelColor: INK, titleFontSize: 12 },
  title: { fontSize: 13, fontWeight: 600, color: INK, anchor: 'start' },
} as const;
