import { chartFigure, chartsOf, PageContext } from '../context';
import { fixed, html, Html, join, si } from '../format';

function counts(values: readonly (string | null)[]): string {
  const c = new Map<string, number>();
  for (const v of values) if (v) c.set(v, (c.get(v) ?? 0) + 1);
  return [...c.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'en'))
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
}

export function renderTraining(ctx: PageContext): Html {
  const charts = chartsOf(ctx, 'training');
  const agentLayers = ctx.model.layers.filter((r) => r.method === ctx.grid.primary && r.agent_updates !== null);
  const stops = counts(agentLayers.map((r) => r.stop_reason));
  const decisions = counts(agentLayers.map((r) => r.decision_source));
  return html`<section id="training">
<h2>Agent training</h2>
${
  agentLayers.length > 0
    ? html`<ul class="checks"><li class="info">Over ${agentLayers.length} trained layer agents — stop reasons: ${stops || 'not recorded'}; final mask taken from: ${decisions || 'not recorded'}.</li></ul>`
    : ''
}
${charts.length > 0 ? join(charts.map(chartFigure)) : html`<p class="note">No agent training curves (updates.arrow) in this experiment.</p>`}
</section>
`;
}

export function renderUniform(ctx: PageContext): Html {
  const charts = chartsOf(ctx, 'uniform');
  const rows = [...ctx.model.uniform].sort((a, b) => (a.ratio ?? 0) - (b.ratio ?? 0));
  const cell = (v: number | null, digits: number): string => (v === null ? '—' : fixed(v, digits));
  return html`<section id="uniform">
<h2>Uniform L1 baseline</h2>
${
  rows.length === 0
    ? html`<p class="note">No uniform-ratio sweep (uniform.arrow) in this experiment.</p>`
    : html`${join(charts.map(chartFigure))}
<details><summary>Uniform sweep numbers</summary>
<div class="table-wrap"><table class="uniform-table">
<thead><tr><th class="num">ratio</th><th class="num">params</th><th class="num">MACs</th><th class="num">${ctx.metricHeader} before fine-tuning</th><th class="num">after fine-tuning</th></tr></thead>
<tbody>
${rows.map(
  (r) =>
    html`<tr><td class="num">${cell(r.ratio, 2)}</td><td class="num">${r.params_after === null ? '—' : si(r.params_after)}</td><td class="num">${r.macs_after === null ? '—' : si(r.macs_after)}</td><td class="num">${cell(r.test_at_decision, 2)}</td><td class="num">${cell(r.test_after, 2)}</td></tr>
`,
)}</tbody></table></div></details>`
}
</section>
`;
}
