import { checkOwnedOutputDir, ConfigError, DataFormatError, DataMissingError, isAtomicTemp, OwnedOutput, ProgressSink, silentProgress, writeDirAtomic, writeFileAtomic } from '@l2p/runtime';
import * as fs from 'fs';
import * as path from 'path';
import { buildGrid } from './aggregate/b-grid';
import { renderCharts, svgToPng } from './charts/render';
import { buildChartSpecs } from './charts/specs';
import { renderIndexHtml, ReportSummary, summarizeReport } from './html/index-page';
import { renderExperimentHtml } from './html/page';
import { isExperimentDir, loadExperiment } from './load/load-experiment';

export interface GenerateOptions {
  /** Clock for the generated-at line (tests pin it). Default: now. */
  now?: () => Date;
  progress?: ProgressSink;
  /** Rewrite the index page of the reports root (the parent of outDir) afterwards. Default true. */
  updateIndex?: boolean;
  /** The flag that named outDir, for refusals. Default '--out'. */
  argument?: string;
}

export interface GeneratedReport {
  indexHtml: string;
  /** Every file written, absolute paths, index.html first. */
  files: string[];
}

/** What a report directory holds besides its page; anything else means outDir points somewhere it should not. */
const REPORT_ENTRIES = new Set(['report.json', 'charts', 'report.png']);

/** Whether an HTML file is a page rendered here: an experiment's report or the reports index (by their <title>). */
function isOwnPage(file: string): boolean {
  const head = Buffer.alloc(8192);
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return /<title>[^<]*learn-to-prune reports?<\/title>/.test(head.subarray(0, n).toString('utf8'));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** A report directory (replaced as a whole): its page, report.json, charts. */
export const REPORT_DIR: OwnedOutput = { writer: 'a report', owns: (name, full) => REPORT_ENTRIES.has(name) || (name === 'index.html' && isOwnPage(full)) };

/** A reports root: its index page and report directories. */
export const REPORTS_ROOT: OwnedOutput = {
  writer: 'a report',
  owns: (name, full) =>
    name === 'index.html' ? isOwnPage(full) : fs.statSync(full).isDirectory() && fs.readdirSync(full).every((n) => isAtomicTemp(n) || REPORT_DIR.owns(n, path.join(full, n))),
};

/**
 * Writes reports/<experiment>/: index.html (self-contained), report.json (for the index page) and charts/ with
 * each chart's vega-lite spec, SVG and PNG. The directory is replaced atomically, so a reader never sees half a
 * report and charts of an older generation do not linger.
 */
export async function generateReport(runsDir: string, outDir: string, options: GenerateOptions = {}): Promise<GeneratedReport> {
  checkOwnedOutputDir(outDir, options.argument ?? '--out', REPORT_DIR);
  if (options.updateIndex ?? true) checkIndexPage(path.dirname(path.resolve(outDir)), options.argument ?? '--out');
  const progress = (options.progress ?? silentProgress).start(`report ${path.basename(runsDir)}`, 4, 'steps');
  const model = loadExperiment(runsDir);
  progress.tick(1, 'loaded');
  const charts = await renderCharts(buildChartSpecs(model, buildGrid(model)));
  progress.tick(1, 'charts rendered');
  const generatedAt = (options.now ?? (() => new Date()))().toISOString();
  const page = renderExperimentHtml(model, charts, { generatedAt });
  const summary = summarizeReport(model);
  const target = path.resolve(outDir);
  const relative: string[] = ['index.html', 'report.json'];
  await writeDirAtomic(target, (dir) => {
    fs.writeFileSync(path.join(dir, 'index.html'), page);
    fs.writeFileSync(path.join(dir, 'report.json'), `${JSON.stringify(summary, null, 2)}\n`);
    fs.mkdirSync(path.join(dir, 'charts'));
    for (const chart of charts) {
      fs.writeFileSync(path.join(dir, 'charts', `${chart.id}.vl.json`), `${JSON.stringify(chart.spec, null, 2)}\n`);
      fs.writeFileSync(path.join(dir, 'charts', `${chart.id}.svg`), chart.svg);
      fs.writeFileSync(path.join(dir, 'charts', `${chart.id}.png`), svgToPng(chart.svg));
      relative.push(`charts/${chart.id}.vl.json`, `charts/${chart.id}.svg`, `charts/${chart.id}.png`);
    }
  });
  progress.tick(1, 'written');
  if (options.updateIndex ?? true) generateIndex(path.dirname(target), { now: options.now });
  progress.done(`${relative.length} files in ${outDir}`);
  return { indexHtml: path.join(target, 'index.html'), files: relative.map((f) => path.join(target, f)) };
}

/** Refuses a reports root whose index.html is not a page rendered here (a user's site): it would be replaced. */
function checkIndexPage(reportsRoot: string, argument: string): void {
  const file = path.join(reportsRoot, 'index.html');
  if (fs.existsSync(file) && !isOwnPage(file)) throw new ConfigError(`${argument}: refusing to replace ${file}, which is not a reports index written here`, `point ${argument} at a directory of its own`);
}

/** Rewrites <reportsRoot>/index.html from the report.json of every report directory under it. */
export function generateIndex(reportsRoot: string, options: { now?: () => Date; argument?: string } = {}): string {
  checkIndexPage(reportsRoot, options.argument ?? '--out');
  const reports: { dir: string; summary: ReportSummary }[] = [];
  if (fs.existsSync(reportsRoot)) {
    for (const dir of fs.readdirSync(reportsRoot).sort()) {
      const file = path.join(reportsRoot, dir, 'report.json');
      if (dir.startsWith('.') || !fs.existsSync(file)) continue;
      try {
        reports.push({ dir, summary: JSON.parse(fs.readFileSync(file, 'utf8')) as ReportSummary });
      } catch (err) {
        throw new DataFormatError(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`, 'regenerate that report with l2p report');
      }
    }
  }
  const file = path.join(reportsRoot, 'index.html');
  writeFileAtomic(file, renderIndexHtml(reports, { generatedAt: (options.now ?? (() => new Date()))().toISOString() }));
  return file;
}

export interface ReportCommandOptions {
  /** runs/<experiment> for one report, or runs/ for a report of every experiment under it. */
  runsDir: string;
  /** Output directory: reports/<experiment> (one) or the reports root (all). Default: reports/<experiment> or reports. */
  out?: string;
  now?: () => Date;
  progress?: ProgressSink;
}

export interface ReportCommandResult {
  reports: { experiment: string; indexHtml: string }[];
  /** The reports root's index page. */
  index: string;
}

/** `l2p report <runs-dir> [--out …]`, without the yargs wiring: resolves what to generate and where. */
export async function reportCommandImpl(options: ReportCommandOptions): Promise<ReportCommandResult> {
  const { runsDir } = options;
  if (!fs.existsSync(runsDir) || !fs.statSync(runsDir).isDirectory()) {
    throw new DataMissingError(`<runs-dir> ${runsDir}: no such directory`, 'pass runs/<experiment> (or runs/ for every experiment)');
  }
  if (isExperimentDir(runsDir)) {
    const experiment = path.basename(path.resolve(runsDir));
    // An explicit --out is written and nothing beside it; the default reports/<experiment> also refreshes reports/index.html.
    if (options.out !== undefined) {
      const report = await generateReport(runsDir, options.out, { now: options.now, progress: options.progress, updateIndex: false });
      return { reports: [{ experiment, indexHtml: report.indexHtml }], index: report.indexHtml };
    }
    const out = path.join('reports', experiment);
    checkOwnedOutputDir('reports', 'reports directory', REPORTS_ROOT);
    const report = await generateReport(runsDir, out, { now: options.now, progress: options.progress, argument: 'reports directory' });
    return { reports: [{ experiment, indexHtml: report.indexHtml }], index: path.join(path.dirname(path.resolve(out)), 'index.html') };
  }
  const experiments = fs
    .readdirSync(runsDir)
    .filter((name) => !name.startsWith('.') && isExperimentDir(path.join(runsDir, name)))
    .sort();
  if (experiments.length === 0) {
    throw new DataMissingError(`<runs-dir> ${runsDir}: no experiment results found`, 'expected runs/<experiment>/<job-id>/manifest.json (or runs/<experiment>/summary.arrow)');
  }
  const root = options.out ?? 'reports';
  const argument = options.out ? '--out' : 'reports directory';
  checkOwnedOutputDir(root, argument, REPORTS_ROOT);
  const reports: ReportCommandResult['reports'] = [];
  for (const experiment of experiments) {
    const report = await generateReport(path.join(runsDir, experiment), path.join(root, experiment), { now: options.now, progress: options.progress, updateIndex: false, argument });
    reports.push({ experiment, indexHtml: report.indexHtml });
  }
  return { reports, index: generateIndex(root, { now: options.now, argument }) };
}
