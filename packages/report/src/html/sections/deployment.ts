import type { DeployRow, SummaryRow } from '@l2p/pruning';
import { groupBy, methodBKey, SeedStat, seedStat, sortedUnique, sortMethods } from '../../aggregate/stats';
import { PageContext } from '../context';
import { bytes, fixed, html, Html, join, missingCell, si } from '../format';

/** Engines in the order their columns appear; engines found in the data but not listed here follow. */
const ENGINE_ORDER = ['tfjs', 'onnxruntime'];

function sizeCell(stat: SeedStat | null, what: string): Html {
  if (!stat) return missingCell(`no ${what} measured`);
  return html`<td class="num" title="${Math.round(stat.mean)} bytes${stat.n > 1 ? ` (mean of ${stat.n})` : ''}">${bytes(stat.mean)}</td>`;
}

function macsCell(stat: SeedStat | null): Html {
  if (!stat) return missingCell('no MAC count in summary.arrow');
  return html`<td class="num" title="${Math.round(stat.mean)} multiply-accumulates per image">${si(stat.mean)}</td>`;
}

function msCell(stat: SeedStat | null, engine: string): Html {
  if (!stat) return missingCell(`no latency measured on ${engine}`);
  const range = stat.n > 1 ? html`<span class="range">${fixed(stat.min, 1)}–${fixed(stat.max, 1)}</span>` : '';
  return html`<td class="num">${fixed(stat.mean, 1)}${range}</td>`;
}

function ratioCell(stat: SeedStat | null, title: string): Html {
  if (!stat) return missingCell(title);
  return html`<td class="num" title="${title}">${fixed(stat.mean, 2)}×</td>`;
}

/** Rows of one stage and engine, keyed by run. */
type ByRun = Map<string, DeployRow>;

interface Columns {
  engines: string[];
  /** MACs per image of each run's network at this stage (from summary.arrow). */
  macs(rows: DeployRow[]): SeedStat | null;
  /** The run's unpruned row on an engine. */
  before: Map<string, ByRun>;
}

function row(label: Html | string, b: string, rows: DeployRow[], cols: Columns, unpruned: boolean): Html {
  // File sizes repeat on every engine's row: take them from the first engine's rows.
  const sizes = rows.filter((r) => r.engine === cols.engines[0]);
  const ratio = (engineRows: DeployRow[], field: 'latency_ms' | 'weights_bytes', engine: string): SeedStat | null =>
    unpruned
      ? seedStat([1])
      : seedStat(
          engineRows.map((r) => {
            const base = cols.before.get(engine)?.get(r.run_id as string)?.[field];
            const own = r[field];
            return base !== null && base !== undefined && own !== null && own > 0 ? base / own : null;
          }),
        );
  const perEngine = cols.engines.map((engine) => {
    const own = rows.filter((r) => r.engine === engine);
    return html`${msCell(seedStat(own.map((r) => r.latency_ms)), engine)}${ratioCell(ratio(own, 'latency_ms', engine), `latency of the unpruned model ÷ this model’s on ${engine}, measured in the same run`)}`;
  });
  return html`<tr><th scope="row">${label}</th><td class="num">${b}</td>${macsCell(cols.macs(sizes))}${sizeCell(seedStat(sizes.map((r) => r.model_json_bytes)), 'model.json size')}${sizeCell(
    seedStat(sizes.map((r) => r.weights_bytes)),
    'weights size',
  )}${sizeCell(seedStat(sizes.map((r) => r.gzip_bytes)), 'gzip size')}${sizeCell(seedStat(sizes.map((r) => r.onnx_bytes)), 'model.onnx size (written since the ONNX export)')}${ratioCell(
    ratio(sizes, 'weights_bytes', cols.engines[0]),
    'weights size of the unpruned model ÷ this model’s, per run',
  )}${join(perEngine)}</tr>
`;
}

function macsLookup(summaries: readonly SummaryRow[]): (rows: DeployRow[]) => SeedStat | null {
  const byRun = new Map(summaries.map((s) => [s.run_id, s]));
  return (rows) => seedStat(rows.map((r) => (r.stage === 'before' ? byRun.get(r.run_id)?.macs_before : byRun.get(r.run_id)?.macs_after)));
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
  const found = [...new Set(deploy.map((r) => r.engine ?? 'tfjs'))];
  const engines = [...ENGINE_ORDER.filter((e) => found.includes(e)), ...found.filter((e) => !ENGINE_ORDER.includes(e)).sort()];
  const before = deploy.filter((r) => r.stage === 'before');
  const after = deploy.filter((r) => r.stage === 'after' && r.method !== null);
  const cols: Columns = {
    engines,
    macs: macsLookup(ctx.model.summaries),
    before: new Map(engines.map((e) => [e, new Map(before.filter((r) => r.engine === e).map((r) => [r.run_id as string, r]))])),
  };
  const groups = groupBy(after, (r) => methodBKey(r.method, r.b));
  const methods = sortMethods(after.map((r) => r.method as string));
  const bValues = sortedUnique(after.map((r) => r.b));
  const rows = methods.flatMap((m) =>
    bValues.filter((b) => groups.has(methodBKey(m, b))).map((b) => row(m, String(b), groups.get(methodBKey(m, b)) as DeployRow[], cols, false)),
  );
  const batches = sortedUnique(deploy.map((r) => r.latency_batch));
  const engineHeads = engines.map((e) => html`<th class="num">${e} (ms)</th><th class="num">speed-up</th>`);
  return html`<section id="deployment">
<h2>Deployment</h2>
<p>What the pruned models cost to ship and run: multiply-accumulates per image, the saved <code>model.json</code>, its weight files (raw and gzip-compressed), the exported <code>model.onnx</code>, and the measured inference latency per engine (median of repeats, per batch of ${batches.join(', ') || '?'} images): <code>tfjs</code> runs the tf.LayersModel on the run's backend, <code>onnxruntime</code> runs model.onnx with the job's threads. Filters are removed for real, so the files shrink and the latency falls with them.</p>
<div class="table-wrap"><table class="deploy-table">
<thead><tr><th>model</th><th class="num">b</th><th class="num">MACs</th><th class="num">model.json</th><th class="num">weights</th><th class="num">weights gzip</th><th class="num">model.onnx</th><th class="num">smaller by</th>${join(engineHeads)}</tr></thead>
<tbody>
${row(html`<em>unpruned</em>`, '—', before, cols, true)}${join(rows)}</tbody></table></div>
</section>
`;
}
