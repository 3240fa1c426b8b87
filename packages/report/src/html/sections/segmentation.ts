import { VOC_CLASS_NAMES, VOC_VOID, vocPalette } from '@l2p/data';
import { claimVerdict, segmentationClaim } from '../../aggregate/segmentation-claim';
import { groupBy, seedStat, sortedUnique, sortMethods } from '../../aggregate/stats';
import { ExampleSet } from '../../model';
import { chartFigure, chartsOf, PageContext } from '../context';
import { fixed, html, Html, join, missingCell, signed, statCell } from '../format';

/** The VOC colour map (the one the example masks are written in) as CSS colours, for the swatches. */
const VOC_HEX = vocPalette().map((rgb) => `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`);

function perClassTable(ctx: PageContext): Html {
  const { model, grid } = ctx;
  const rows = model.classes.filter((c) => c.class_index !== null);
  if (rows.length === 0) return html`<p class="note">No per-class IU (classes.arrow) in this experiment.</p>`;
  const classes = sortedUnique(rows.map((r) => r.class_index));
  const names = new Map(rows.filter((r) => r.class_name).map((r) => [r.class_index as number, r.class_name as string]));
  const after = rows.filter((r) => r.stage === 'after' && r.method === grid.primary && r.b !== null);
  const bValues = sortedUnique(after.map((r) => r.b));
  const before = groupBy(
    rows.filter((r) => r.stage === 'before'),
    (r) => String(r.class_index),
  );
  const afterBy = groupBy(after, (r) => `${r.class_index}|${r.b}`);
  const absent = 'no IU: the class occurs in neither the prediction nor the ground truth of the test split';
  const body = classes.map((ci) => {
    const base = seedStat((before.get(String(ci)) ?? []).map((r) => r.iu));
    return html`<tr><th scope="row"><span class="swatch" style="background:${VOC_HEX[ci]}"></span> ${names.get(ci) ?? VOC_CLASS_NAMES[ci] ?? `class ${ci}`}</th>${statCell(base, 1, absent)}${join(
      bValues.map((b) => {
        const stat = seedStat((afterBy.get(`${ci}|${b}`) ?? []).map((r) => r.iu));
        if (!stat) return missingCell(absent);
        const delta = base ? stat.mean - base.mean : null;
        const title = `${stat.n} seed(s)${stat.n > 1 ? `; min ${fixed(stat.min, 1)}, max ${fixed(stat.max, 1)}` : ''}`;
        const deltaClass = delta === null || Math.abs(delta) < 0.05 ? 'delta' : delta > 0 ? 'delta up' : 'delta down';
        return html`<td class="num" title="${title}">${fixed(stat.mean, 1)}${delta !== null ? html` <span class="${deltaClass}">${signed(delta, 1)}</span>` : ''}</td>`;
      }),
    )}</tr>
`;
  });
  return html`<h3>IU per class</h3>
<div class="table-wrap"><table class="classes-table compact">
<thead><tr><th>class</th><th class="num">unpruned</th>${join(bValues.map((b) => html`<th class="num">b = ${String(b)}</th>`))}</tr></thead>
<tbody>
${body}</tbody></table></div>
<p class="small muted">IU in points on the test split, ${grid.primary} after fine-tuning (mean over seeds); beside it, the change from the unpruned network.</p>
`;
}

function claimTable(ctx: PageContext): Html {
  const rows = segmentationClaim(ctx.grid);
  if (rows.length === 0) return html``;
  return html`<h3>The paper's claim, checked</h3>
<p class="small">Huang et al.: FCN-32s pruned under a mean-IU budget b loses at most b points, and is sometimes better than the unpruned network. Here, per b, on the test split (${ctx.grid.primary}):</p>
<div class="table-wrap"><table class="claim-table compact">
<thead><tr><th class="num">b</th><th class="num">unpruned mean IU</th><th class="num">pruned mean IU</th><th class="num">drop</th><th>within b</th><th>higher than unpruned</th></tr></thead>
<tbody>
${join(
  rows.map(
    (r) =>
      html`<tr><td class="num">${String(r.b)}</td><td class="num">${fixed(r.before, 2)}</td><td class="num">${fixed(r.after, 2)}</td><td class="num">${signed(r.drop, 2)}</td><td>${claimVerdict(r.withinB, r.seeds)}</td><td>${claimVerdict(r.higher, r.seeds)}</td></tr>
`,
  ),
)}</tbody></table></div>
`;
}

/** The classes' colours, named as the experiment's own classes.arrow names them (VOC's names otherwise). */
function legend(ctx: PageContext): Html {
  const names = new Map(ctx.model.classes.filter((r) => r.class_index !== null && r.class_name).map((r) => [r.class_index as number, r.class_name as string]));
  const shown: [number, string][] = names.size > 0 ? [...names.entries()].sort((a, b) => a[0] - b[0]) : VOC_CLASS_NAMES.map((name, i) => [i, name]);
  return html`<div class="legend" aria-label="class colours">${join(
    shown.map(([i, name]) => html`<span><span class="swatch" style="background:${VOC_HEX[i]}"></span>${name}</span>`),
  )}<span><span class="swatch" style="background:${VOC_HEX[VOC_VOID]}"></span>void / border</span></div>`;
}

function image(src: string | null, alt: string): Html {
  return src ? html`<td><img src="${src}" alt="${alt}"></td>` : missingCell(`${alt}: image missing`);
}

function exampleTable(set: ExampleSet): Html {
  const head = [set.method, set.b !== undefined ? `b = ${set.b}` : undefined, set.seed !== undefined ? `seed ${set.seed}` : undefined].filter((t) => t).join(' · ');
  return html`<h4 class="small">${head || set.jobId} <span class="muted mono">${set.jobId}</span></h4>
<div class="table-wrap"><table class="examples">
<thead><tr><th>image</th><th>input</th><th>ground truth</th><th>unpruned</th><th>pruned</th></tr></thead>
<tbody>
${set.items.map(
  (item) => html`<tr><th scope="row">${item.id}</th>${image(item.input, `${item.id} input`)}${image(item.truth, `${item.id} ground truth`)}${image(item.before, `${item.id} unpruned prediction`)}${image(item.after, `${item.id} pruned prediction`)}</tr>
`,
)}</tbody></table></div>
`;
}

export function renderSegmentation(ctx: PageContext): Html {
  const { model } = ctx;
  if (model.metric !== 'mean-iu' && model.classes.length === 0 && model.examples.length === 0) return html``;
  const order = sortMethods(model.examples.map((e) => e.method ?? ''));
  const sets = [...model.examples].sort(
    (a, b) => order.indexOf(a.method ?? '') - order.indexOf(b.method ?? '') || (a.b ?? 0) - (b.b ?? 0) || (a.seed ?? 0) - (b.seed ?? 0) || a.jobId.localeCompare(b.jobId, 'en'),
  );
  return html`<section id="segmentation">
<h2>Segmentation</h2>
${join(chartsOf(ctx, 'segmentation').map(chartFigure))}
${claimTable(ctx)}
${perClassTable(ctx)}
<h3>Examples</h3>
${sets.length > 0 ? html`${legend(ctx)}${join(sets.map(exampleTable))}` : html`<p class="note">No example images (examples/examples.json) in this experiment.</p>`}
</section>
`;
}
