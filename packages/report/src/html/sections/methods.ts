import { GridCell, gridCell } from '../../aggregate/b-grid';
import { SeedStat } from '../../aggregate/stats';
import { chartFigure, chartsOf, PageContext } from '../context';
import { html, Html, join, statCell } from '../format';
import { missingReason } from './results';

/** The lowest mean in a row gets bold type, per stage: the method whose choice cost least at that b. */
function bestOf(stats: (SeedStat | null)[]): number {
  let best = -1;
  stats.forEach((s, i) => {
    if (s && (best < 0 || s.mean < (stats[best] as SeedStat).mean)) best = i;
  });
  return stats.filter((s) => s !== null).length > 1 ? best : -1;
}

/** Baselines are meant to cut the same number of filters per layer as the primary method at the same b and seed. */
function countMismatches(ctx: PageContext): string[] {
  const { model, grid } = ctx;
  const primary = new Map(model.summaries.filter((s) => s.method === grid.primary && s.status === 'done').map((s) => [`${s.b}|${s.seed}`, s.filters_after]));
  return model.summaries
    .filter((s) => s.method !== grid.primary && s.status === 'done' && s.b !== null)
    .filter((s) => primary.has(`${s.b}|${s.seed}`) && primary.get(`${s.b}|${s.seed}`) !== s.filters_after)
    .map((s) => `${s.method} at b = ${s.b}, seed ${s.seed} kept ${s.filters_after} filters, ${grid.primary} ${primary.get(`${s.b}|${s.seed}`)}`);
}

/** "1 of 2 seeds" under a value that not every seed has reached yet. */
function shortNote(cell: GridCell | undefined): string | undefined {
  if (!cell || cell.seedsDone.length === 0 || cell.seedsDone.length >= cell.seedsExpected.length) return undefined;
  return `${cell.seedsDone.length} of ${cell.seedsExpected.length} seeds`;
}

export function renderMethods(ctx: PageContext): Html {
  const { grid } = ctx;
  const methods = grid.methods;
  const baselines = methods.filter((m) => m !== grid.primary);
  const rows = grid.bValues.map((b) => {
    const cells = methods.map((m) => gridCell(grid, m, b));
    const bestAfter = bestOf(cells.map((c) => c?.drop ?? null));
    const bestDecision = bestOf(cells.map((c) => c?.dropAtDecision ?? null));
    const primary = gridCell(grid, grid.primary, b);
    return html`<tr class="method-row" data-b="${String(b)}"><th scope="row">${String(b)}</th>${statCell(primary?.filtersPruned ?? null, 1, missingReason(primary, grid.primary, b))}${join(
      cells.map(
        (cell, i) =>
          html`${statCell(cell?.drop ?? null, 2, missingReason(cell, methods[i], b), i === bestAfter ? 'best' : '', shortNote(cell))}${statCell(
            cell?.dropAtDecision ?? null,
            2,
            missingReason(cell, methods[i], b),
            i === bestDecision ? 'best' : '',
          )}`,
      ),
    )}</tr>
`;
  });
  const mismatches = countMismatches(ctx);
  const charts = chartsOf(ctx, 'methods');
  return html`<section id="methods">
<h2>Methods at the same per-layer counts</h2>
<p>${
    baselines.length > 0
      ? html`The baselines (${baselines.join(', ')}) remove as many filters from each layer as the ${grid.primary} did at the same b and seed, so they differ only in <em>which</em> filters they remove. Drops are in ${ctx.pointUnit} on the test split (mean, with the min–max range over seeds), after the final fine-tuning and at decision (before it); the lowest in each row is in bold.`
      : html`Only one method ran in this experiment; there is nothing to compare it with yet.`
  }</p>
${
  methods.length > 0
    ? html`<div class="table-wrap"><table class="methods-table" id="methods-table">
<thead><tr class="group"><th></th><th></th>${join(methods.map((m) => html`<th colspan="2">${m}</th>`))}</tr>
<tr><th>b</th><th class="num">filters pruned %</th>${join(methods.map(() => html`<th class="num">drop</th><th class="num">at decision</th>`))}</tr></thead>
<tbody>
${rows}</tbody></table></div>`
    : ''
}
${
  mismatches.length > 0
    ? html`<ul class="checks"><li class="warn">Not at the same counts: ${mismatches.join('; ')}.</li></ul>`
    : baselines.length > 0
      ? html`<ul class="checks"><li class="ok">Every finished baseline run kept exactly as many filters as the ${grid.primary} run with the same b and seed.</li></ul>`
      : ''
}
${join(charts.map(chartFigure))}
</section>
`;
}
