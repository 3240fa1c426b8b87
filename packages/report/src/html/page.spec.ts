import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadExperiment } from '../load/load-experiment';
import { ExperimentModel, RenderedChart } from '../model';
import { writeClassificationFixture, writeSegmentationFixture } from '../testing/fixtures';
import { renderIndexHtml, summarizeReport } from './index-page';
import { renderExperimentHtml, scriptJson } from './page';

/** The rows of the table with the given id, as arrays of cell texts (tags stripped). */
function tableRows(page: string, id: string, body = 'results'): { cells: string[]; titles: string[] }[] {
  const table = page.slice(page.indexOf(`id="${id}"`), page.indexOf('</table>', page.indexOf(`id="${id}"`)));
  const tbody = table.slice(table.indexOf(`<tbody class="${body}">`), table.indexOf('</tbody>', table.indexOf(`<tbody class="${body}">`)));
  return [...tbody.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => ({
    cells: [...m[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()),
    titles: [...m[1].matchAll(/<t[hd][^>]*title="([^"]*)"/g)].map((c) => c[1]),
  }));
}

describe('renderExperimentHtml', () => {
  let root: string;
  let classification: ExperimentModel;
  let segmentation: ExperimentModel;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-report-page-'));
    classification = loadExperiment(writeClassificationFixture(root).dir);
    segmentation = loadExperiment(writeSegmentationFixture(root).dir);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('lays out the b table as in the paper, one row per b, with the mean of the seeds', () => {
    const rows = tableRows(renderExperimentHtml(classification), 'b-table');
    expect(rows.map((r) => r.cells[0])).toEqual(['0.5', '2', '4']);
    const agent05 = classification.summaries.filter((s) => s.method === 'agent' && s.b === 0.5);
    const meanPct = agent05.reduce((a, s) => a + (s.filters_pruned_pct as number), 0) / agent05.length;
    expect(rows[0].cells[1]).toBe('2/2');
    expect(rows[0].cells[2].split(' ')[0]).toBe(meanPct.toFixed(1));
    expect(rows[0].cells[5]).toMatch(/^\d+\.\d\d → \d+\.\d\d after: /);
  });

  it('marks the cells of an unfinished job with a dash whose title names the job', () => {
    const running = classification.jobs.find((j) => j.status === 'running');
    const [b4] = tableRows(renderExperimentHtml(classification), 'b-table').filter((r) => r.cells[0] === '4');
    expect(b4.cells[1]).toBe('0/1');
    expect(b4.cells.slice(2)).toEqual(['—', '—', '—', '—', '—', '—', '—']);
    expect(b4.titles.slice(1)).toEqual(Array(7).fill(`no finished run for agent at b = 4: ${running?.id} (running)`));
  });

  it('shows latency per engine beside MACs and file sizes in the deployment table', () => {
    const page = renderExperimentHtml(classification);
    const section = page.slice(page.indexOf('<section id="deployment">'), page.indexOf('</section>', page.indexOf('<section id="deployment">')));
    const head = [...section.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].slice(0, 12).map((m) => m[1]);
    expect(head).toEqual(['model', 'b', 'MACs', 'model.json', 'weights', 'weights gzip', 'model.onnx', 'smaller by', 'tfjs (ms)', 'speed-up', 'onnxruntime (ms)', 'speed-up']);
    const body = section.slice(section.indexOf('<tbody>'));
    const rows = [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1].replace(/<[^>]+>/g, ' ').trim()));
    const unpruned = rows[0];
    expect(unpruned[0]).toBe('unpruned');
    const fullMacs = classification.summaries[0].macs_before as number;
    expect(unpruned[2]).toBe(`${(fullMacs / 1e6).toFixed(fullMacs >= 1e8 ? 1 : 2)} M`);
    // Each engine's latency comes from its own rows: the fixture's onnxruntime latencies are a fifth of tfjs's.
    const agent = rows.find((r) => r[0] === 'agent' && r[1] === '0.5') as string[];
    const [tfjsMs, ortMs] = [parseFloat(agent[8]), parseFloat(agent[10])];
    expect(ortMs).toBeGreaterThan(0);
    expect(tfjsMs / ortMs).toBeGreaterThan(4);
    expect(agent[9]).toMatch(/^\d+\.\d\d×$/);
    expect(agent[11]).toMatch(/^\d+\.\d\d×$/);
  });

  it("marks the paper's reference points for classification only", () => {
    const paper = tableRows(renderExperimentHtml(classification), 'b-table', 'paper');
    expect(paper.map((r) => [r.cells[2], r.cells[7]])).toEqual([
      ['≈ 25', '≈ 0.3'],
      ['&gt; 75', '≈ 3'], // the text is '> 75', escaped
    ]);
    expect(renderExperimentHtml(segmentation)).not.toContain('<tbody class="paper">');
  });

  it('compares the methods at each b, with the lowest drop in bold', () => {
    const page = renderExperimentHtml(classification);
    const body = page.slice(page.indexOf('id="methods-table"'));
    const firstRow = body.slice(body.indexOf('<tr class="method-row" data-b="0.5">'), body.indexOf('</tr>', body.indexOf('data-b="0.5"')));
    const drops = ['agent', 'random', 'l1', 'taylor'].map((m) => {
      const rows = classification.summaries.filter((s) => s.method === m && s.b === 0.5);
      return rows.reduce((a, s) => a + (s.drop as number), 0) / rows.length;
    });
    const best = drops.indexOf(Math.min(...drops));
    const boldCells = [...firstRow.matchAll(/<td class="num best"[^>]*>([\d.]+)/g)].map((m) => m[1]);
    expect(boldCells[0]).toBe(drops[best].toFixed(2));
  });

  it('shows segmentation results: per-class IU with absent classes marked, and example images inline', () => {
    const page = renderExperimentHtml(segmentation);
    expect(page).toContain('<section id="segmentation">');
    const cow = page.slice(page.indexOf('> cow</th>'), page.indexOf('</tr>', page.indexOf('> cow</th>')));
    expect(cow).toContain('class="num missing" title="no IU: the class occurs in neither');
    expect((page.match(/<img src="data:image\/png;base64,/g) ?? []).length).toBe(2 * 2 * 4); // 2 jobs × 2 images × 4 panels
    expect(page).not.toContain('Paper rows');
  });

  it("checks the paper's segmentation claim per b against the agent's summary rows", () => {
    const page = renderExperimentHtml(segmentation);
    const table = page.slice(page.indexOf('<table class="claim-table'), page.indexOf('</table>', page.indexOf('<table class="claim-table')));
    const rows = [...table.matchAll(/<tr><td class="num">([\d.]+)<\/td>.*?<\/tr>/g)].map((m) => m[0].replace(/<[^>]+>/g, '|').split('|').filter((c) => c !== ''));
    const agent = segmentation.summaries.filter((r) => r.method === 'agent').sort((a, b) => (a.b as number) - (b.b as number));
    expect(rows).toHaveLength(agent.length);
    agent.forEach((r, i) => {
      const drop = (r.test_before as number) - (r.test_after as number);
      expect(rows[i][0]).toBe(String(r.b));
      expect(rows[i][4]).toBe(drop <= (r.b as number) ? 'yes' : 'no');
      expect(rows[i][5]).toBe((r.test_after as number) > (r.test_before as number) ? 'yes' : 'no');
    });
  });

  it('is self-contained: no external scripts, styles, fonts or images', () => {
    for (const page of [renderExperimentHtml(classification), renderExperimentHtml(segmentation)]) {
      expect(page).not.toMatch(/<script(?![^>]*type="application\/json")/);
      expect(page).not.toMatch(/<link(?![^>]*href="data:)/);
      expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
      expect(page).not.toMatch(/@import|url\(http/);
    }
  });

  it('escapes names taken from the results', () => {
    const evil = '<script>alert(1)</script>';
    const model = { ...classification, name: evil, jobs: classification.jobs.map((j, i) => (i === 0 ? { ...j, id: `${j.id}"><b>` } : j)) };
    const page = renderExperimentHtml(model);
    expect(page).not.toContain(evil);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('"><b>');
  });

  it('embeds small chart specs as JSON that cannot close its script element', () => {
    const chart: RenderedChart = { id: 'x', title: 'T', caption: 'C', section: 'methods', embed: true, spec: { note: '</script><script>alert(1)</script>' }, svg: '<svg></svg>' };
    const page = renderExperimentHtml(classification, [chart]);
    const block = page.slice(page.indexOf('<script type="application/json" id="spec-x">'));
    expect(block.indexOf('</script>')).toBeGreaterThan(block.indexOf('\\u003c/script>'));
    expect(JSON.parse(scriptJson(chart.spec))).toEqual(chart.spec);
    expect(page).toContain('<figure class="chart" id="fig-x" data-chart="x">');
  });

  it('is a function of its inputs: only the generated-at line depends on the time', () => {
    const a = renderExperimentHtml(classification, [], { generatedAt: '2025-01-01T00:00:00.000Z' });
    const b = renderExperimentHtml(classification, [], { generatedAt: '2025-02-02T00:00:00.000Z' });
    const diff = a.split('\n').filter((line, i) => line !== b.split('\n')[i]);
    expect(diff).toEqual(['<p class="generated">Generated 2025-01-01T00:00:00.000Z by @l2p/report.</p>']);
  });
});

describe('renderIndexHtml', () => {
  it('links every experiment report and lists its runs', () => {
    const summary = {
      experiment: 'cifar-vgg',
      fixture: false,
      metric: 'accuracy' as const,
      models: ['vgg16-cifar'],
      datasets: ['cifar10'],
      primary: 'agent',
      methods: ['agent', 'l1'],
      bValues: [1],
      seeds: [1],
      jobs: [
        { id: 'j1', method: 'agent', b: 1, seed: 1, status: 'done' },
        { id: 'j2', method: 'l1', b: 1, seed: 1, status: 'failed' },
      ],
      firstStart: '2025-06-01T10:00:00.000Z',
      lastEnd: null,
      headline: [{ b: 1, filtersPruned: 40.25, drop: null }],
    };
    const page = renderIndexHtml([{ dir: 'cifar-vgg', summary }]);
    expect(page).toContain('<a href="cifar-vgg/index.html">cifar-vgg</a>');
    expect(page).toContain('<td class="num">1/2</td>');
    expect(page).toContain('<span class="line">b = 1: 40.3 % pruned, drop —</span>');
    expect((page.match(/<a href="cifar-vgg\/index.html#runs">/g) ?? []).length).toBe(2);
    expect(renderIndexHtml([])).toContain('No experiment reports yet');
  });

  it('summarises a loaded experiment for the index', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-report-summary-'));
    try {
      const summary = summarizeReport(loadExperiment(writeSegmentationFixture(root).dir));
      expect(summary).toMatchObject({ experiment: 'fixture-voc-fcn', fixture: true, metric: 'mean-iu', methods: ['agent', 'l1'], bValues: [1, 3], seeds: [1] });
      expect(summary.jobs).toHaveLength(4);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
