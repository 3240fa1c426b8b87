import { GridCell, gridCell } from '../../aggregate/b-grid';
import { PAPER_POINTS, PAPER_SETTING } from '../../aggregate/paper-reference';
import { sortedUnique } from '../../aggregate/stats';
import { PageContext } from '../context';
import { bText, fixed, html, Html, join, missingCell, MISSING, statCell } from '../format';

/** Why a cell has no value: no job at all, or jobs that have not finished (with their status). */
export function missingReason(cell: GridCell | undefined, method: string, b: number | null): string {
  const what = `${method} at b = ${bText(b)}`;
  if (!cell || cell.seedsExpected.length === 0) return `no job for ${what}`;
  if (cell.pending.length > 0) return `no finished run for ${what}: ${cell.pending.map((j) => `${j.id} (${j.status})`).join(', ')}`;
  return `no finished run for ${what}`;
}

export function seedsCell(cell: GridCell | undefined): Html {
  const expected = cell?.seedsExpected.length ?? 0;
  const done = cell?.seedsDone.length ?? 0;
  const pending = cell?.pending ?? [];
  const title =
    `${done} of ${expected} seeds finished` + (pending.length > 0 ? `; unfinished: ${pending.map((j) => `${j.id} (${j.status})`).join(', ')}` : '');
  return html`<td class="${done < expected ? 'num seeds-short' : 'num'}" title="${title}">${done}/${expected}</td>`;
}

function beforeAfterCell(cell: GridCell | undefined, reason: string): Html {
  if (!cell?.after) return missingCell(reason);
  const before = cell.before ? fixed(cell.before.mean, 2) : MISSING;
  const range = cell.after.n > 1 ? html`<span class="range">after: ${fixed(cell.after.min, 2)}–${fixed(cell.after.max, 2)}</span>` : '';
  return html`<td class="arrow" title="test split; mean over ${cell.after.n} seed(s)">${before} → ${fixed(cell.after.mean, 2)}${range}</td>`;
}

function resultRow(ctx: PageContext, cell: GridCell | undefined, b: number | null, label?: string): Html {
  const reason = missingReason(cell, ctx.grid.primary, b);
  const overBudget = b !== null && cell?.drop && cell.drop.mean > b;
  return html`<tr class="b-row" data-b="${bText(b)}">
<th scope="row">${label ?? bText(b)}</th>${seedsCell(cell)}${statCell(cell?.filtersPruned ?? null, 1, reason)}${statCell(cell?.paramsPruned ?? null, 1, reason)}${statCell(
    cell?.macsPruned ?? null,
    1,
    reason,
  )}${beforeAfterCell(cell, reason)}${statCell(cell?.contractDrop ?? null, 2, reason, b !== null && (cell?.contractDrop?.max ?? 0) > b ? 'warn' : '')}${statCell(cell?.drop ?? null, 2, reason, overBudget ? 'warn' : '')}${statCell(cell?.dropAtDecision ?? null, 2, reason)}
</tr>
`;
}

function paperRows(): Html {
  const notStated = "not stated in what is known of the paper";
  return join(
    PAPER_POINTS.map(
      (p, i) => html`<tr class="paper-row">
<th scope="row" title="${PAPER_SETTING}">paper ${i + 1}</th><td class="missing" title="${notStated}">${MISSING}</td><td class="num" title="${p.label}">${p.filtersPrunedPct === 75 ? '> 75' : `≈ ${p.filtersPrunedPct}`}</td><td class="missing" title="${notStated}">${MISSING}</td><td class="missing" title="${notStated}">${MISSING}</td><td class="missing" title="${notStated}">${MISSING}</td><td class="missing" title="${notStated}">${MISSING}</td><td class="num" title="${p.label}">≈ ${p.drop}</td><td class="missing" title="${notStated}">${MISSING}</td>
</tr>
`,
    ),
  );
}

function checks(ctx: PageContext): Html {
  const { grid, model } = ctx;
  const items: Html[] = [];
  const measured = grid.bValues
    .map((b) => ({ b, cell: gridCell(grid, grid.primary, b) }))
    .filter((x): x is { b: number; cell: GridCell } => !!x.cell?.filtersPruned);
  if (measured.length >= 2) {
    const drops = measured.filter((x, i) => i > 0 && (x.cell.filtersPruned?.mean ?? 0) < (measured[i - 1].cell.filtersPruned?.mean ?? 0));
    items.push(
      drops.length === 0
        ? html`<li class="ok">Larger b prunes more: filters pruned grows with b (${measured.map((x) => `${x.b} → ${fixed(x.cell.filtersPruned?.mean ?? 0, 1)} %`).join(', ')}).</li>`
        : html`<li class="warn">Larger b does <em>not</em> always prune more: ${drops
            .map((x) => {
              const prev = measured[measured.indexOf(x) - 1];
              return `b = ${prev.b} pruned ${fixed(prev.cell.filtersPruned?.mean ?? 0, 1)} % but b = ${x.b} only ${fixed(x.cell.filtersPruned?.mean ?? 0, 1)} %`;
            })
            .join('; ')}. Check the agents' stop reasons below.</li>`,
    );
  }
  const contractOver = measured.filter((x) => (x.cell.contractDrop?.max ?? -Infinity) > x.b);
  const withContract = measured.filter((x) => x.cell.contractDrop);
  if (contractOver.length > 0) {
    items.push(
      html`<li class="warn">The contract drop (on the guard split, else the reward split: the figure b is a contract on) exceeds b at ${contractOver.map((x) => `b = ${x.b} (up to ${fixed(x.cell.contractDrop?.max ?? 0, 2)})`).join(', ')}: those runs were not held to b (budget guard off).</li>`,
    );
  } else if (withContract.length > 0) {
    items.push(html`<li class="ok">Every run's contract drop (on the guard split, else the reward split: the figure b is a contract on) is within b.</li>`);
  }
  // Per run, not only the mean: one seed above b is a broken promise to the user who picked that b.
  const over = measured
    .map((x) => ({ ...x, runs: x.cell.rows.filter((r) => r.drop !== null && r.drop > x.b) }))
    .filter((x) => x.runs.length > 0);
  if (over.length > 0) {
    items.push(
      html`<li class="warn">The test drop exceeds b at ${over.map((x) => `b = ${x.b} (${x.runs.map((r) => `seed ${r.seed}: ${fixed(r.drop ?? 0, 2)}`).join(', ')})`).join('; ')}. b bounds the contract drop (on the guard split, else the reward split); the test split is never seen by the search, so it can differ by the split's sampling error.</li>`,
    );
  } else if (measured.length > 0) {
    items.push(html`<li class="ok">The test drop of every run stays within b at every b.</li>`);
  }
  const pending = grid.bValues.flatMap((b) => gridCell(grid, grid.primary, b)?.pending ?? []);
  if (pending.length > 0) {
    items.push(html`<li class="warn">${pending.length} ${grid.primary} job(s) have not finished: ${pending.map((j) => `${j.id} (${j.status})`).join(', ')}. Their cells are marked ${MISSING} or count fewer seeds.</li>`);
  }
  const sizes = sortedUnique(model.summaries.map((s) => s.reward_split_size));
  if (model.metric === 'accuracy' && sizes.length > 0 && grid.bValues.length > 0) {
    const step = 100 / sizes[0];
    items.push(
      html`<li class="info">Reward split: ${sizes.join(', ')} images, so one image is ${fixed(step, 3)} accuracy points; the smallest b (${grid.bValues[0]}) spans ${fixed(grid.bValues[0] / step, 1)} such steps.</li>`,
    );
  }
  return items.length > 0 ? html`<ul class="checks">${items}</ul>` : html``;
}

export function renderResults(ctx: PageContext): Html {
  const { grid, model } = ctx;
  const rows = grid.bValues.map((b) => resultRow(ctx, gridCell(grid, grid.primary, b), b));
  const fixedPlanRows = grid.fixedPlans.map((cell) => resultRow(ctx, cell, null, `${cell.method} (fixed plan)`));
  const showPaper = model.metric === 'accuracy';
  return html`<section id="results">
<h2>Results by b</h2>
<p>What the <strong>${grid.primary}</strong> pruned for each budget b (the largest acceptable drop, in ${ctx.pointUnit}), measured on the test split. Each cell is the mean over the finished seeds; the small figures under it are the <strong>min–max range over seeds</strong>. <em>Contract drop</em> is the drop on the contract split, the figure b is a contract on: the guard split (training images held out, which no agent sees) when the experiment has one, else the reward split; <em>drop</em> is on the test split after the final fine-tuning; <em>drop at decision</em> is the base network with every decided cut applied and no fine-tuning at all. ${MISSING} marks a cell with no finished run; hover over it for the reason.</p>
<div class="table-wrap"><table class="b-table" id="b-table">
<thead><tr><th>b</th><th class="num">seeds</th><th class="num">filters pruned %</th><th class="num">params pruned %</th><th class="num">MACs pruned %</th><th class="num">${ctx.metricHeader} before → after</th><th class="num">contract drop</th><th class="num">drop</th><th class="num">drop at decision</th></tr></thead>
<tbody class="results">
${rows}${fixedPlanRows}</tbody>
${showPaper ? html`<tbody class="paper">
${paperRows()}</tbody>
` : ''}</table></div>
${showPaper ? html`<p class="small muted">Paper rows: the reference points known from Huang et al. (${PAPER_SETTING}): about a quarter of the filters at a 0.3-point drop, and more than 75 % at about 3 points. Their b values and other columns are not known to us; this experiment's model and data set may differ.</p>` : ''}
${checks(ctx)}
</section>
`;
}
