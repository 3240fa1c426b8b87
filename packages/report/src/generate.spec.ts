import { ConfigError, DataFormatError, DataMissingError } from '@l2p/runtime';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateReport, reportCommandImpl } from './generate';
import { writeClassificationFixture, writeSegmentationFixture } from './testing/fixtures';

const withoutGeneratedLine = (html: string): string => html.replace(/^<p class="generated">.*$/m, '');

describe('generateReport', () => {
  let root: string;
  let runs: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-report-gen-'));
    runs = path.join(root, 'runs');
    writeClassificationFixture(runs);
    writeSegmentationFixture(runs);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes a self-contained page, its charts, and the reports index; twice gives the same bytes', async () => {
    const out = path.join(root, 'reports-a', 'fixture-cifar-vgg');
    const first = await generateReport(path.join(runs, 'fixture-cifar-vgg'), out, { now: () => new Date('2025-01-01T00:00:00Z') });
    expect(first.indexHtml).toBe(path.join(out, 'index.html'));
    const names = first.files.map((f) => path.relative(out, f));
    expect(names.slice(0, 2)).toEqual(['index.html', 'report.json']);
    for (const id of ['kept-per-layer', 'drop-vs-pruned', 'training-reward', 'training-kept', 'uniform-l1']) {
      expect(names).toEqual(expect.arrayContaining([`charts/${id}.vl.json`, `charts/${id}.svg`, `charts/${id}.png`]));
    }
    for (const f of first.files) expect(fs.statSync(f).size).toBeGreaterThan(0);
    const html = fs.readFileSync(first.indexHtml, 'utf8');
    expect((html.match(/<figure class="chart"[^>]*>\s*<div class="chart-svg"><svg/g) ?? []).length).toBe(6); // 5 charts + kept filters
    expect(fs.readFileSync(path.join(root, 'reports-a', 'index.html'), 'utf8')).toContain('<a href="fixture-cifar-vgg/index.html">');

    // Same results copied elsewhere, generated later into another directory: same page but for one line.
    const copy = path.join(root, 'elsewhere', 'fixture-cifar-vgg');
    fs.cpSync(path.join(runs, 'fixture-cifar-vgg'), copy, { recursive: true });
    const second = await generateReport(copy, path.join(root, 'reports-b', 'x'), { now: () => new Date('2026-06-06T06:06:06Z') });
    const again = fs.readFileSync(second.indexHtml, 'utf8');
    expect(again).not.toBe(html);
    expect(withoutGeneratedLine(again)).toBe(withoutGeneratedLine(html));
    expect(fs.readFileSync(path.join(root, 'reports-b', 'x', 'charts', 'drop-vs-pruned.svg'), 'utf8')).toBe(
      fs.readFileSync(path.join(out, 'charts', 'drop-vs-pruned.svg'), 'utf8'),
    );
  });

  it('names a corrupt Arrow file and leaves the previous report in place', async () => {
    const dir = path.join(root, 'corrupt', 'fixture-voc-fcn');
    fs.cpSync(path.join(runs, 'fixture-voc-fcn'), dir, { recursive: true });
    const out = path.join(root, 'reports-c', 'voc');
    fs.mkdirSync(out, { recursive: true });
    const previous = '<title>voc — learn-to-prune report</title>previous'; // a page rendered here (by its title)
    fs.writeFileSync(path.join(out, 'index.html'), previous);
    const job = fs.readdirSync(dir).find((d) => fs.existsSync(path.join(dir, d, 'classes.arrow'))) as string;
    const bad = path.join(dir, job, 'classes.arrow');
    fs.writeFileSync(bad, Buffer.from('ARROW1\0\0garbage'));
    const attempt = generateReport(dir, out);
    await expect(attempt).rejects.toBeInstanceOf(DataFormatError);
    await expect(generateReport(dir, out)).rejects.toThrow(bad);
    expect(fs.readFileSync(path.join(out, 'index.html'), 'utf8')).toBe(previous);
  });

  it('renders a sweep in which nothing has finished yet', async () => {
    const dir = path.join(root, 'early', 'fixture-cifar-vgg');
    fs.cpSync(path.join(runs, 'fixture-cifar-vgg'), dir, { recursive: true });
    fs.rmSync(path.join(dir, 'summary.arrow'));
    fs.rmSync(path.join(dir, 'uniform.arrow'));
    for (const job of fs.readdirSync(dir)) {
      const manifest = path.join(dir, job, 'manifest.json');
      if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).status === 'done') fs.rmSync(path.join(dir, job), { recursive: true });
    }
    const report = await generateReport(dir, path.join(root, 'reports-early', 'x'));
    const html = fs.readFileSync(report.indexHtml, 'utf8');
    expect(html).toContain('<tr class="b-row" data-b="4">');
    expect(html).not.toContain('<tr class="b-row" data-b="0.5">');
    expect(html).toContain('No uniform-ratio sweep (uniform.arrow) in this experiment.');
    expect(html).toContain('No deployment measurements (deploy.arrow) in this experiment.');
    expect(html).toContain('data-chart="kept-per-layer"'); // the unfinished run's first layers are still shown
  });

  it('refuses to replace a directory that is not a report', async () => {
    const out = path.join(root, 'not-a-report');
    fs.mkdirSync(path.join(out, 'fixture-cifar-vgg'), { recursive: true });
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine');
    await expect(generateReport(path.join(runs, 'fixture-cifar-vgg'), out)).rejects.toThrow(ConfigError);
    await expect(generateReport(path.join(runs, 'fixture-cifar-vgg'), out)).rejects.toThrow(/refusing to write into a directory that holds files a report does not write \(fixture-cifar-vgg, notes\.txt\)/);
    expect(fs.readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('reportCommandImpl', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-report-cmd-'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reports every experiment under runs/ and indexes them', async () => {
    const runs = path.join(root, 'runs');
    writeClassificationFixture(runs);
    writeSegmentationFixture(runs);
    const out = path.join(root, 'reports');
    const result = await reportCommandImpl({ runsDir: runs, out });
    expect(result.reports.map((r) => r.experiment)).toEqual(['fixture-cifar-vgg', 'fixture-voc-fcn']);
    expect(result.index).toBe(path.join(out, 'index.html'));
    const index = fs.readFileSync(result.index, 'utf8');
    expect(index).toContain('<a href="fixture-cifar-vgg/index.html">');
    expect(index).toContain('<a href="fixture-voc-fcn/index.html">');
    expect(index).toContain('<td class="num">16/17</td>');
    for (const r of result.reports) expect(fs.existsSync(r.indexHtml)).toBe(true);
  });

  it('--out writes only inside --out: a user\'s index.html beside it or inside it is never replaced', async () => {
    const runs = path.join(root, 'runs-one');
    writeClassificationFixture(runs);
    const site = path.join(root, 'site');
    fs.mkdirSync(site);
    fs.writeFileSync(path.join(site, 'index.html'), '<p>my site</p>');
    const out = path.join(site, 'report');
    const result = await reportCommandImpl({ runsDir: path.join(runs, 'fixture-cifar-vgg'), out });
    expect(fs.readFileSync(path.join(site, 'index.html'), 'utf8')).toBe('<p>my site</p>');
    expect(fs.readdirSync(site).sort()).toEqual(['index.html', 'report']);
    expect(result.index).toBe(path.join(out, 'index.html'));
    // Again: its own report is replaced; a folder holding only a user's index.html is not.
    await reportCommandImpl({ runsDir: path.join(runs, 'fixture-cifar-vgg'), out });
    await expect(reportCommandImpl({ runsDir: path.join(runs, 'fixture-cifar-vgg'), out: site })).rejects.toThrow(
      new ConfigError(`--out ${site}: refusing to write into a directory that holds files a report does not write (index.html, report)`),
    );
    await expect(reportCommandImpl({ runsDir: runs, out: site })).rejects.toThrow(new ConfigError(`--out ${site}: refusing to write into a directory that holds files a report does not write (index.html)`));
    expect(fs.readFileSync(path.join(site, 'index.html'), 'utf8')).toBe('<p>my site</p>');
    expect(fs.readdirSync(site).sort()).toEqual(['index.html', 'report']);
  });

  it('says when there is nothing to report', async () => {
    const empty = path.join(root, 'empty');
    fs.mkdirSync(empty);
    await expect(reportCommandImpl({ runsDir: empty })).rejects.toThrow(DataMissingError);
    await expect(reportCommandImpl({ runsDir: empty })).rejects.toThrow(`<runs-dir> ${empty}: no experiment results found`);
    await expect(reportCommandImpl({ runsDir: path.join(root, 'missing') })).rejects.toThrow(/no such directory/);
  });
});
