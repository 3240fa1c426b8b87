import { buildGrid, gridCell } from '../aggregate/b-grid';
import { sortedUnique } from '../aggregate/stats';
import { ExperimentModel } from '../model';
import { CSS } from './css';
import { fixed, html, Html, isoMinute, join, MISSING, raw } from './format';
import { generatedLine } from './page';

/** What the index page needs to know of one experiment report; written beside it as report.json. */
export interface ReportSummary {
  experiment: string;
  fixture: boolean;
  metric: ExperimentModel['metric'];
  models: string[];
  datasets: string[];
  primary: string;
  methods: string[];
  bValues: number[];
  seeds: number[];
  jobs: { id: string; method: string | null; b: number | null; seed: number | null; status: string }[];
  firstStart: string | null;
  lastEnd: string | null;
  /** The primary method's mean filters pruned (%) and drop (points) per b; null where nothing finished. */
  headline: { b: number; filtersPruned: number | null; drop: number | null }[];
}

export function summarizeReport(model: ExperimentModel): ReportSummary {
  const grid = buildGrid(model);
  const strings = (xs: (string | null | undefined)[]): string[] => [...new Set(xs.filter((x): x is string => !!x))].sort();
  const starts = strings(model.jobs.map((j) => j.startedAt));
  const ends = strings(model.jobs.map((j) => j.endedAt));
  return {
    experiment: model.name,
    fixture: model.jobs.some((j) => j.fixture),
    metric: model.metric,
    models: strings([...model.summaries.map((s) => s.model), ...model.jobs.map((j) => j.model)]),
    datasets: strings([...model.summaries.map((s) => s.dataset), ...model.jobs.map((j) => j.dataset)]),
    primary: grid.primary,
    methods: grid.methods,
    bValues: grid.bValues,
    seeds: sortedUnique([...model.summaries.map((s) => s.seed), ...model.jobs.map((j) => j.seed)]),
    jobs: model.jobs.map((j) => ({ id: j.id, method: j.method ?? null, b: j.b ?? null, seed: j.seed ?? null, status: j.status })),
    firstStart: starts[0] ?? null,
    lastEnd: ends[ends.length - 1] ?? null,
    headline: grid.bValues.map((b) => {
      const cell = gridCell(grid, grid.primary, b);
      return { b, filtersPruned: cell?.filtersPruned?.mean ?? null, drop: cell?.drop?.mean ?? null };
    }),
  };
}

function experimentRow(dir: string, s: ReportSummary): Html {
  const done = s.jobs.filter((j) => j.status === 'done').length;
  const headline = s.headline.map((h) =>
    h.filtersPruned === null
      ? html`<span class="line">b = ${String(h.b)}: not finished</span>`
      : html`<span class="line">b = ${String(h.b)}: ${fixed(h.filtersPruned, 1)} % pruned, drop ${h.drop === null ? MISSING : fixed(h.drop, 2).replace('-', '−')}</span>`,
  );
  return html`<tr class="experiment-row"><th scope="row"><a href="${encodeURIComponent(dir)}/index.html">${s.experiment}</a>${s.fixture ? html` <span class="status running" title="synthetic test data">fixture</span>` : ''}</th><td>${s.models.join(', ') || MISSING} · ${s.datasets.join(', ') || MISSING}</td><td>${s.methods.join(', ') || MISSING}</td><td class="num">${done}/${s.jobs.length}</td><td>${s.firstStart ? isoMinute(s.firstStart) : MISSING}</td><td class="small">${headline.length > 0 ? headline : MISSING}</td></tr>
`;
}

function runsList(dir: string, s: ReportSummary): Html {
  return html`<details><summary>${s.experiment}: ${s.jobs.length} runs</summary>
<div class="table-wrap"><table class="runs-table"><thead><tr><th>job</th><th>method</th><th class="num">b</th><th class="num">seed</th><th>status</th></tr></thead><tbody>
${s.jobs.map(
  (j) => html`<tr><td class="mono"><a href="${encodeURIComponent(dir)}/index.html#runs">${j.id}</a></td><td>${j.method ?? MISSING}</td><td class="num">${j.b ?? MISSING}</td><td class="num">${j.seed ?? MISSING}</td><td><span class="status ${j.status === 'done' ? 'done' : j.status === 'failed' ? 'failed' : j.status === 'running' ? 'running' : ''}">${j.status}</span></td></tr>
`,
)}</tbody></table></div></details>
`;
}

/** reports/index.html: every experiment report under the reports root, with its runs. */
export function renderIndexHtml(reports: readonly { dir: string; summary: ReportSummary }[], options: { generatedAt?: string } = {}): string {
  const sorted = [...reports].sort((a, b) => a.dir.localeCompare(b.dir, 'en'));
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>learn-to-prune reports</title>
<link rel="icon" href="data:,">
<style>${raw(CSS)}</style>
</head>
<body>
<div class="page">
<header>
<h1>Experiment reports</h1>
<p class="subtitle">Learning to prune filters (Huang et al., WACV 2018) — a TypeScript / TensorFlow.js reproduction</p>
</header>
<main>
${
  sorted.length === 0
    ? html`<p class="note">No experiment reports yet. Generate one with <code>l2p report runs/&lt;experiment&gt;</code>.</p>`
    : html`<div class="table-wrap"><table class="index-table">
<thead><tr><th>experiment</th><th>model · data set</th><th>methods</th><th class="num">runs done</th><th>started</th><th>${'filters pruned and drop by b (mean over seeds)'}</th></tr></thead>
<tbody>
${sorted.map((r) => experimentRow(r.dir, r.summary))}</tbody></table></div>
<h2>Runs</h2>
${join(sorted.map((r) => runsList(r.dir, r.summary)))}`
}
</main>
<footer>
${generatedLine(options.generatedAt)}
</footer>
</div>
</body>
</html>
`.text;
}
