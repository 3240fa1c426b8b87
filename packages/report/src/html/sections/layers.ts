import { layerCells } from '../../aggregate/layers';
import { keptFiltersFigure } from '../../figures/kept-filters';
import { chartFigure, chartsOf, PageContext } from '../context';
import { fixed, html, Html, join, missingCell, raw } from '../format';

function stopText(reasons: Record<string, number>): string {
  return Object.entries(reasons)
    .sort((a, b) => a[0].localeCompare(b[0], 'en'))
    .map(([r, n]) => (n > 1 ? `${r} ×${n}` : r))
    .join(', ');
}

function perLayerTable(ctx: PageContext): Html {
  const { layers, bValues, cells } = layerCells(ctx.model, ctx.grid.primary);
  if (layers.length === 0) return html``;
  const rows = layers.map((layer) => {
    const before = bValues.map((b) => cells.get(`${layer}|${b}`)?.before).find((v) => v !== null && v !== undefined);
    return html`<tr><th scope="row">${layer}</th><td class="num">${before ?? '—'}</td>${join(
      bValues.map((b) => {
        const cell = cells.get(`${layer}|${b}`);
        if (!cell?.kept) return missingCell(`no ${ctx.grid.primary} run has pruned ${layer} at b = ${b} yet`);
        const kept = cell.kept.n > 1 && cell.kept.max !== cell.kept.min ? `${fixed(cell.kept.mean, 1)}` : fixed(cell.kept.mean, 0);
        const detail = [
          cell.kept.n > 1 && cell.kept.max !== cell.kept.min ? `${cell.kept.min}–${cell.kept.max}` : '',
          cell.updates ? `${fixed(cell.updates.mean, 0)} updates` : '',
          stopText(cell.stopReasons),
        ]
          .filter((t) => t)
          .join(' · ');
        return html`<td class="num" title="seeds ${cell.seeds.join(', ')}">${kept}${detail ? html`<span class="range">${detail}</span>` : ''}</td>`;
      }),
    )}</tr>
`;
  });
  return html`<details><summary>Per-layer numbers (filters kept, agent updates, stop reasons)</summary>
<div class="table-wrap"><table class="layers-table">
<thead><tr><th>layer</th><th class="num">filters</th>${join(bValues.map((b) => html`<th class="num">kept at b = ${String(b)}</th>`))}</tr></thead>
<tbody>
${rows}</tbody></table></div>
<p class="small muted">Mean over seeds; the small line gives the range over seeds, the mean number of REINFORCE updates and why each agent stopped.</p>
</details>
`;
}

function keptFilters(ctx: PageContext): Html {
  const figure = keptFiltersFigure(ctx.model, ctx.grid.primary);
  if (!figure) return html`<p class="note">No first-layer filters (base/first-layer.arrow) in this experiment, so the kept-filters figure is not drawn.</p>`;
  return html`<figure class="chart" id="fig-kept-filters" data-chart="kept-filters">
<div class="chart-svg">${raw(figure.svg)}</div>
<figcaption><strong>Kept filters of the first layer.</strong> The ${figure.rows.length > 0 ? '' : 'unpruned '}${figure.layer} filters (${figure.kernel}×${figure.kernel}×${figure.inChannels}) drawn as ${figure.inChannels === 3 ? 'RGB' : 'grey'} tiles on one scale for the whole layer (0 is mid-grey); the filters the ${ctx.grid.primary} kept are outlined in red, one row per b (lowest seed). Beside each row: how many of the kept filters are also among the same number of filters with the largest L1 norm, and how many a random choice would share on average — magnitude pruning would score the maximum.</figcaption>
</figure>
`;
}

export function renderLayers(ctx: PageContext): Html {
  const charts = chartsOf(ctx, 'pruning');
  return html`<section id="layers">
<h2>Per layer</h2>
${charts.length > 0 ? join(charts.map(chartFigure)) : html`<p class="note">No per-layer results (layers.arrow) yet.</p>`}
${perLayerTable(ctx)}
<h3>The filters the agent keeps</h3>
${keptFilters(ctx)}
</section>
`;
}
