import { sortMethods } from '../../aggregate/stats';
import { JobInfo } from '../../model';
import { PageContext } from '../context';
import { duration, html, Html, isoMinute, MISSING } from '../format';

function wall(job: JobInfo): string {
  if (!job.startedAt || !job.endedAt) return MISSING;
  const ms = Date.parse(job.endedAt) - Date.parse(job.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? duration(ms) : MISSING;
}

function statusBadge(job: JobInfo): Html {
  const cls = job.status === 'done' ? 'done' : job.status === 'failed' ? 'failed' : job.status === 'running' ? 'running' : '';
  const title = job.error ?? (job.status === 'running' ? 'still running, or stopped without updating its manifest' : job.status);
  return html`<span class="status ${cls}" title="${title}">${job.status}</span>`;
}

export function renderRuns(ctx: PageContext): Html {
  const order = sortMethods(ctx.model.jobs.map((j) => j.method ?? ''));
  const jobs = [...ctx.model.jobs].sort(
    (a, b) =>
      order.indexOf(a.method ?? '') - order.indexOf(b.method ?? '') ||
      (a.b ?? -1) - (b.b ?? -1) ||
      (a.seed ?? -1) - (b.seed ?? -1) ||
      a.id.localeCompare(b.id, 'en'),
  );
  const counts = new Map<string, number>();
  for (const j of jobs) counts.set(j.status, (counts.get(j.status) ?? 0) + 1);
  const summary = [...counts.entries()]
    .sort((a, b) => a[0].localeCompare(b[0], 'en'))
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  return html`<section id="runs">
<h2>Runs</h2>
<p>Every job directory of the experiment, finished or not: ${jobs.length} jobs (${summary || 'none'}). Results come from the Arrow files listed; the config hash identifies each job's full configuration.</p>
<details><summary>List of jobs</summary>
<div class="table-wrap"><table class="runs-table compact">
<thead><tr><th>job</th><th>method</th><th class="num">b</th><th class="num">seed</th><th>status</th><th>config hash</th><th>backend</th><th>started</th><th class="num">wall time</th><th>result files</th></tr></thead>
<tbody>
${jobs.map(
  (j) => html`<tr><th scope="row" class="mono">${j.id}</th><td>${j.method ?? MISSING}</td><td class="num">${j.b ?? MISSING}</td><td class="num">${j.seed ?? MISSING}</td><td>${statusBadge(j)}</td><td class="mono" title="${j.configHash ?? ''}">${j.configHash ? j.configHash.slice(0, 8) : MISSING}</td><td class="nowrap">${j.backend ? `${j.backend.name} ${j.backend.version}` : MISSING}</td><td class="nowrap">${j.startedAt ? isoMinute(j.startedAt) : MISSING}</td><td class="num nowrap">${wall(j)}</td><td class="small">${j.files.map((f) => f.replace(/\.arrow$/, '')).join(', ') || MISSING}</td></tr>
`,
)}</tbody></table></div>
</details>
</section>
`;
}
