import { ExperimentModel, RenderedChart } from '../model';
import { pageContext } from './context';
import { CSS } from './css';
import { html, Html, join, raw } from './format';
import { renderDeployment } from './sections/deployment';
import { renderHeader } from './sections/header';
import { renderLayers } from './sections/layers';
import { renderMethods } from './sections/methods';
import { renderResults } from './sections/results';
import { renderRuns } from './sections/runs';
import { renderSegmentation } from './sections/segmentation';
import { renderTraining, renderUniform } from './sections/training';

export interface RenderOptions {
  /** ISO time for the page's one "generated at" line — the only part of the page that is not a function of the results. */
  generatedAt?: string;
}

/** The class of the single line that changes between two generations from the same results. */
export const GENERATED_CLASS = 'generated';

/** JSON inside <script>: "<" is escaped so no "</script>" in the data can end the element early. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function embeddedSpecs(charts: readonly RenderedChart[]): Html {
  return join(charts.filter((c) => c.embed).map((c) => html`<script type="application/json" id="spec-${c.id}">${raw(scriptJson(c.spec))}</script>\n`));
}

export function generatedLine(generatedAt: string | undefined): Html {
  return html`<p class="${GENERATED_CLASS}">Generated ${generatedAt ?? 'at an unrecorded time'} by @l2p/report.</p>`;
}

/**
 * The experiment report as one self-contained HTML page: inline CSS, charts as inline SVG, example images as
 * data: URIs, and no script to run (the interactive vega-lite specs ride along as application/json blocks).
 * Pure: the same model and charts give the same string, except for the generated-at line.
 */
export function renderExperimentHtml(model: ExperimentModel, charts: readonly RenderedChart[] = [], options: RenderOptions = {}): string {
  const ctx = pageContext(model, [...charts]);
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${model.name} — learn-to-prune report</title>
<link rel="icon" href="data:,">
<style>${raw(CSS)}</style>
</head>
<body>
<div class="page">
${renderHeader(ctx)}
<main>
${renderResults(ctx)}
${renderMethods(ctx)}
${renderLayers(ctx)}
${renderTraining(ctx)}
${renderUniform(ctx)}
${renderSegmentation(ctx)}
${renderDeployment(ctx)}
${renderRuns(ctx)}
</main>
<footer>
<p>Made by <code>l2p report</code> from the Arrow results and run manifests under <code>runs/${model.name}/</code>. Charts are vega-lite specs rendered to SVG at generation time; each spec, with its data, is saved under <code>charts/</code> beside this page${charts.some((c) => c.embed) ? ' and the smaller ones are also embedded in it as JSON' : ''}. Regenerating from the same results gives the same page except for the next line.</p>
${generatedLine(options.generatedAt)}
</footer>
</div>
${embeddedSpecs(charts)}</body>
</html>
`;
  return page.text;
}
