import type { DeployRow } from '@l2p/pruning';
import { groupBy, methodBKey, SeedStat, seedStat, sortedUnique, sortMethods } from '../../aggregate/stats';
import { PageContext } from '../context';
import { bytes, fixed, html, Html, join, missingCell } from '../format';

function sizeCell(stat: SeedStat | null, what: string): Html {
  if (!stat) return missingCell(`no ${what} measured`);
  return html`<td class="num" title="${Math.round(stat.mean)} bytes${stat.n > 1 ? ` (mean of ${stat.n})` : ''}">${bytes(stat.mean)}</td>`;
}

function msCell(stat: SeedStat | null): Html {
  if (!stat) return missingCell('no latency measured');
  const range = stat.n > 1 ? html`<span class="range">${fixed(stat.min, 1)}–${fixed(stat.max, 1)}</span>` : '';
  return html`<td class="num">${fixed(stat.mean, 1)}${range}</td>`;
}

function ratioCell(stat: SeedStat | null, title: string): Html {
  if (!stat) return missingCell(title);
  return html`<td class="num" title="${title}">${fixed(stat.mean, 2)}×</td>`;
}

function row(label: Html | string, b: string, rows: DeployRow[], speedUp: SeedStat | null, shrink: SeedStat | null): Html {
  return html`<tr><th scope="row">${label}</th><td class="num">${b}</td>${sizeCell(seedStat(rows.map((r) => r.model_json_bytes)), 'model.json size')}${sizeCell(
    seedStat(rows.map((r) => r.weights_bytes)),
    'weights size',
  )}${sizeCell(seedStat(rows.map((r) => r.gzip_bytes)), 'gzip size')}${ratioCell(shrink, 'weights size of the unpruned model ÷ this model’s, per run')}${msCell(
    seedStat(rows.map((r) => r.latency_ms)),
  )}${ratioCell(speedUp, 'latency of the unpruned model ÷ this model’s, measured in the same run')}</tr>
`;
}

export function renderDeployment(ctx: PageContext): Html {
  const deploy = ctx.model.deploy;
  if (deploy.length === 0) {
    return html`<section id="deployment">
<h2>Deployment</h2>
<p class="note">No deployment measurements (deploy.arrow) in this experiment.</p>
</section>
`;
  }
  const before = deploy.filter((r) => r.stage === 'before');
  const after = deploy.filter((r) => r.stage === 'after' && r.method !== null);
  const beforeByRun = new Map(before.map((r) => [r.run_id, r]));
  const ratio = (rows: DeployRow[], field: 'latency_ms' | 'weights_bytes'): SeedStat | null =>
    seedStat(
      rows.map((r) => {
        const base = beforeByRun.get(r.run_id)?.[field];
        const own = r[field];
        return base !== null && base !== undefined && own !== null && own > 0 ? base / own : null;
      }),
    );
  const groups = groupBy(after, (r) => methodBKey(r.method, r.b));
  const methods = sortMethods(after.map((r) => r.method as string));
  const bValues = sortedUnique(after.map((r) => r.b));
  const rows = methods.flatMap((m) =>
    bValues
      .filter((b) => groups.has(methodBKey(m, b)))
      .map((b) => {
        const g = groups.get(methodBKey(m, b)) as DeployRow[];
        return row(m, String(b), g, ratio(g, 'latency_ms'), ratio(g, 'weights_bytes'));
      }),
  );
  const batches = sortedUnique(deploy.map((r) => r.latency_batch));
  return html`<section id="deployment">
<h2>Deployment</h2>
<p>What the pruned models cost to ship and run: the saved <code>model.json</code>, its weight files (raw and gzip-compressed) and the measured inference latency on the run's backend (median of repeats, per batch of ${batches.join(', ') || '?'} images). Filters are removed for real, so the files shrink and the latency falls with them.</p>
<div class="table-wrap"><table class="deploy-table">
<thead><tr><th>model</th><th class="num">b</th><th class="num">model.json</th><th class="num">weights</th><th class="num">weights gzip</th><th class="num">smaller by</th><th class="num">latency (ms)</th><th class="num">speed-up</th></tr></thead>
<tbody>
${row(html`<em>unpruned</em>`, '—', before, seedStat([1]), seedStat([1]))}${join(rows)}</tbody></table></div>
</section>
`;
}
