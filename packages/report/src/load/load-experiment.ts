import { ReadCompat, readArrowFile, RESULT_FILES, SummaryRow, TableSpec, RowOf } from '@l2p/pruning';
import { DataMissingError } from '@l2p/runtime';
import * as fs from 'fs';
import * as path from 'path';
import { ExampleSet, ExperimentModel, JobInfo, Metric } from '../model';
import { readExamples } from './examples';
import { readManifest } from './manifest';

const JOB_FILES = ['layers', 'updates', 'summary', 'classes', 'deploy'] as const;
type JobFileKey = (typeof JOB_FILES)[number];

/** A result file's rows, [] when it is absent; files written under older names read through the entry's compat (RESULT_FILES). */
function readIfPresent<S extends TableSpec>(dir: string, entry: { file: string; spec: S } & ReadCompat<S>): RowOf<S>[] {
  const file = path.join(dir, entry.file);
  return fs.existsSync(file) ? readArrowFile(file, entry.spec, entry) : [];
}

function isDir(p: string): boolean {
  return fs.statSync(p).isDirectory();
}

/**
 * Job directories: sub-directories holding a manifest or per-job result files (dot-directories are temporaries).
 * summary.arrow alone does not count: an experiment directory holds one too, and runs/ must not look like a job.
 */
const JOB_MARKERS = ['manifest.json', ...JOB_FILES.filter((k) => k !== 'summary').map((k) => RESULT_FILES[k].file)];

function jobDirectories(runsDir: string): string[] {
  return fs
    .readdirSync(runsDir)
    .filter((name) => !name.startsWith('.') && isDir(path.join(runsDir, name)))
    .filter((name) => JOB_MARKERS.some((f) => fs.existsSync(path.join(runsDir, name, f))))
    .sort();
}

/** True when `dir` looks like `runs/<experiment>/` (a merged summary, or at least one job directory). */
export function isExperimentDir(dir: string): boolean {
  return fs.existsSync(dir) && isDir(dir) && (fs.existsSync(path.join(dir, RESULT_FILES.summary.file)) || jobDirectories(dir).length > 0);
}

function detectMetric(summaries: SummaryRow[], jobs: JobInfo[], hasClasses: boolean): Metric {
  if (summaries.some((s) => s.metric === 'mean-iu') || hasClasses) return 'mean-iu';
  if (summaries.length === 0 && jobs.some((j) => j.dataset?.startsWith('voc'))) return 'mean-iu';
  return 'accuracy';
}

/**
 * Reads everything under `runs/<experiment>/` into an ExperimentModel. Missing files are normal (a sweep still
 * running); unreadable ones are not: readArrowFile throws a DataFormatError naming the file.
 */
export function loadExperiment(runsDir: string): ExperimentModel {
  if (!fs.existsSync(runsDir) || !isDir(runsDir)) {
    throw new DataMissingError(`${runsDir}: no such experiment directory (expected runs/<experiment>/ with one directory per job)`);
  }
  const jobs: JobInfo[] = [];
  const perJob: { [K in JobFileKey]: RowOf<(typeof RESULT_FILES)[K]['spec']>[] } = { layers: [], updates: [], summary: [], classes: [], deploy: [] };
  const examples: ExampleSet[] = [];

  for (const id of jobDirectories(runsDir)) {
    const dir = path.join(runsDir, id);
    const files = JOB_FILES.map((k) => RESULT_FILES[k].file).filter((f) => fs.existsSync(path.join(dir, f)));
    const manifest = path.join(dir, 'manifest.json');
    const job: JobInfo = fs.existsSync(manifest) ? readManifest(manifest, id, files) : { id, runId: id, status: 'no manifest', files, fixture: false };
    jobs.push(job);
    perJob.layers.push(...readIfPresent(dir, RESULT_FILES.layers));
    perJob.updates.push(...readIfPresent(dir, RESULT_FILES.updates));
    perJob.summary.push(...readIfPresent(dir, RESULT_FILES.summary));
    perJob.classes.push(...readIfPresent(dir, RESULT_FILES.classes));
    perJob.deploy.push(...readIfPresent(dir, RESULT_FILES.deploy));
    const items = readExamples(dir);
    if (items) examples.push({ jobId: id, runId: job.runId, method: job.method, b: job.b, seed: job.seed, items });
  }

  // The merged summary may lag behind the jobs (or be missing): a job's own row wins, the merged file fills in
  // runs whose directories are gone.
  const merged = readIfPresent(runsDir, RESULT_FILES.summary);
  const seen = new Set(perJob.summary.map((s) => s.run_id));
  const summaries = [...perJob.summary, ...merged.filter((s) => !seen.has(s.run_id))];

  const uniform = readIfPresent(runsDir, RESULT_FILES.uniform);
  const firstLayer = readIfPresent(path.join(runsDir, 'base'), RESULT_FILES.firstLayer);

  const declared = [...new Set(jobs.map((j) => j.experiment).filter((e): e is string => !!e))].sort();
  const fromSummary = [...new Set(summaries.map((s) => s.experiment).filter((e): e is string => !!e))].sort();
  const name = declared.length === 1 ? declared[0] : fromSummary.length === 1 ? fromSummary[0] : path.basename(path.resolve(runsDir));

  return {
    name,
    metric: detectMetric(summaries, jobs, perJob.classes.length > 0),
    jobs,
    summaries,
    layers: perJob.layers,
    updates: perJob.updates,
    classes: perJob.classes,
    deploy: perJob.deploy,
    uniform,
    firstLayer,
    examples,
  };
}
