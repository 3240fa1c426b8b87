import { configHash } from '@l2p/runtime';
import { seedStat, sortedUnique } from '../../aggregate/stats';
import { JobInfo } from '../../model';
import { PageContext } from '../context';
import { duration, fixed, grouped, html, Html, isoMinute, join, si } from '../format';

function distinct(values: readonly (string | undefined | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v))].sort();
}

function durationMs(job: JobInfo): number | null {
  if (!job.startedAt || !job.endedAt) return null;
  const ms = Date.parse(job.endedAt) - Date.parse(job.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

/**
 * The hash of what the jobs share: the config without the fields a sweep varies (method, b, seed). One value
 * means every job ran with the same settings otherwise; several mean the sweep mixes configurations.
 */
function sharedConfigHashes(jobs: readonly JobInfo[]): string[] {
  return distinct(
    jobs
      .filter((j) => j.config && j.method !== undefined)
      .map((j) => {
        const { method: _m, b: _b, seed: _s, ...rest } = j.config as Record<string, unknown>;
        return configHash(rest);
      }),
  );
}

function item(label: string, value: Html | string, title?: string): Html {
  return html`<div><dt>${label}</dt><dd${title ? html` title="${title}"` : ''}>${value}</dd></div>`;
}

function splitText(jobs: readonly JobInfo[]): string {
  const texts = distinct(
    jobs.map((j) => {
      if (!j.splits) return undefined;
      const parts = (['train', 'reward', 'test'] as const).filter((k) => j.splits?.[k] !== undefined).map((k) => `${k} ${grouped(j.splits?.[k] as number)}`);
      return parts.length > 0 ? parts.join(' · ') : undefined;
    }),
  );
  return texts.length === 0 ? '—' : texts.join('; ');
}

export function renderHeader(ctx: PageContext): Html {
  const { model, grid } = ctx;
  const jobs = model.jobs;
  const sweepJobs = jobs.filter((j) => j.method !== undefined);
  const s = model.summaries;
  const models = distinct([...s.map((r) => r.model), ...jobs.map((j) => j.model)]);
  const widths = sortedUnique([...s.map((r) => r.width), ...jobs.map((j) => j.width)]);
  const datasets = distinct([...s.map((r) => r.dataset), ...jobs.map((j) => j.dataset)]);
  const params = seedStat(s.map((r) => r.params_before));
  const macs = seedStat(s.map((r) => r.macs_before));
  const base = seedStat(s.filter((r) => r.status === 'done').map((r) => r.test_before));
  const backends = distinct([...jobs.map((j) => (j.backend ? `${j.backend.name} ${j.backend.version}` : undefined)), ...s.map((r) => r.backend)]);
  const seeds = sortedUnique([...s.map((r) => r.seed), ...sweepJobs.map((j) => j.seed)]);
  const revisions = distinct(jobs.map((j) => j.gitRevision));
  const hashes = sharedConfigHashes(jobs);
  const starts = distinct(jobs.map((j) => j.startedAt));
  const ends = distinct(jobs.map((j) => j.endedAt));
  const durations = jobs.map(durationMs).filter((d): d is number => d !== null);
  const computeMs = durations.reduce((a, b) => a + b, 0);
  const spanMs = starts.length > 0 && ends.length > 0 ? Date.parse(ends[ends.length - 1]) - Date.parse(starts[0]) : NaN;
  const statusCounts = new Map<string, number>();
  for (const j of jobs) statusCounts.set(j.status, (statusCounts.get(j.status) ?? 0) + 1);
  const statusText = [...statusCounts.entries()]
    .sort((a, b) => a[0].localeCompare(b[0], 'en'))
    .map(([st, n]) => `${n} ${st}`)
    .join(', ');

  const baseText = base ? (base.n > 1 && base.max - base.min > 1e-9 ? `${fixed(base.mean, 2)} (${fixed(base.min, 2)}–${fixed(base.max, 2)})` : fixed(base.mean, 2)) : '—';
  const fixture = jobs.some((j) => j.fixture);
  const title = `${model.name}`;
  const subtitle = `Learning to prune filters (Huang et al., WACV 2018) — ${models.join(', ') || 'model ?'} on ${datasets.join(', ') || 'data set ?'}`;

  return html`<header>
<h1>${title}</h1>
<p class="subtitle">${subtitle}</p>
${fixture ? html`<p class="banner"><strong>Test fixture.</strong> This report was generated from synthetic results written by the report package's test fixtures. Its numbers are made up and are not experimental results.</p>` : ''}
<dl class="card">
${join([
  item('Model', models.join(', ') || '—'),
  item('Width multiplier', widths.length > 0 ? widths.map((w) => `×${w}`).join(', ') : '—'),
  item('Parameters', params ? si(params.mean) : '—', params ? `${grouped(Math.round(params.mean))} parameters` : undefined),
  item('MACs per image', macs ? si(macs.mean) : '—', macs ? `${grouped(Math.round(macs.mean))} multiply-accumulates` : undefined),
  item('Data set', datasets.join(', ') || '—'),
  item('Split sizes', splitText(sweepJobs.length > 0 ? sweepJobs : jobs)),
  item(`Base ${ctx.metricName}`, baseText, 'test split, unpruned network'),
  item('Backend', backends.join(', ') || '—'),
  item('Methods', grid.methods.join(', ') || '—'),
  item('b values', grid.bValues.join(', ') || '—'),
  item('Seeds', seeds.join(', ') || '—'),
  item('Git revision', revisions.length === 0 ? '—' : revisions.map((r) => r.slice(0, 12)).join(', '), revisions.length > 1 ? 'the jobs ran at different revisions' : revisions[0]),
  item(
    'Config hash',
    hashes.length === 0 ? '—' : hashes.length === 1 ? html`<code>${hashes[0]}</code>` : html`<span class="warn">${hashes.length} different configs</span>`,
    'hash of the job config without method, b and seed (the sweep’s shared settings); each job’s own hash is in the runs table',
  ),
  item('Run dates', starts.length > 0 ? `${isoMinute(starts[0])} → ${ends.length > 0 ? isoMinute(ends[ends.length - 1]) : 'not finished'}` : '—'),
  item(
    'Total wall time',
    durations.length > 0 ? `${duration(computeMs)} in ${durations.length} jobs` : '—',
    Number.isFinite(spanMs) ? `sum of job durations; ${duration(spanMs)} from first start to last end` : 'sum of job durations',
  ),
  item('Jobs', jobs.length > 0 ? `${jobs.length} (${statusText})` : 'none'),
])}
</dl>
<nav class="toc" aria-label="Contents">${join(
    [
      ['#results', 'Results by b'],
      ['#methods', 'Methods'],
      ['#layers', 'Per layer'],
      ['#training', 'Agent training'],
      ['#uniform', 'Uniform L1'],
      ...(model.metric === 'mean-iu' || model.classes.length > 0 ? [['#segmentation', 'Segmentation']] : []),
      ['#deployment', 'Deployment'],
      ['#runs', 'Runs'],
    ].map(([href, text]) => html`<a href="${href}">${text}</a>`),
  )}</nav>
</header>
`;
}
