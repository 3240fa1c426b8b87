import { Resvg } from '@resvg/resvg-js';
import { ChartSpec, RenderedChart } from '../model';
import { loadVega } from './load-vega';

/**
 * vega numbers clip paths and gradients from a process-wide counter ("clip7"), so the same chart rendered twice
 * gets different ids, and two charts on one page could collide. Renaming every id to `<prefix>-<n>` in order of
 * appearance makes the SVG a function of the spec alone and unique within the page.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  const ids: string[] = [];
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.includes(m[1])) ids.push(m[1]);
  if (ids.length === 0) return svg;
  const renamed = new Map(ids.map((id, i) => [id, `${prefix}-${i + 1}`]));
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(\\sid="|url\\(#|href="#)(${ids.map(escape).join('|')})(?=["\\)])`, 'g');
  return svg.replace(pattern, (_, lead: string, id: string) => `${lead}${renamed.get(id)}`);
}

/** Renders one vega-lite spec to an SVG string with vega's headless SVG renderer (no canvas, no browser). */
export async function renderSvg(spec: Record<string, unknown>, idPrefix: string): Promise<string> {
  const { vega, vegaLite } = await loadVega();
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return scopeSvgIds(svg, idPrefix);
  } finally {
    view.finalize();
  }
}

export async function renderCharts(specs: readonly ChartSpec[]): Promise<RenderedChart[]> {
  const out: RenderedChart[] = [];
  for (const chart of specs) out.push({ ...chart, svg: await renderSvg(chart.spec, `chart-${chart.id}`) });
  return out;
}

/**
 * A PNG of an SVG (for slides, README files, issue comments), rasterised by resvg with the system's fonts. The
 * PNG depends on the fonts installed, unlike the HTML, so it is a convenience copy and never compared in tests.
 */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    // resvg takes the first family of the stack it finds; these are the fallbacks when none is installed.
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'Liberation Sans' },
  });
  return resvg.render().asPng();
}
