import * as fs from 'fs';
import * as path from 'path';
import { generateReport } from './generate';
import { withBrowser } from './testing/browser';
import { writeClassificationFixture, writeSegmentationFixture } from './testing/fixtures';

/**
 * Opens generated reports in a real headless Chromium from file:// and checks what a reader would see. The pages
 * and the screenshots stay in dist/report-browser-test/ so they can be looked at after the run.
 */
const WORKSPACE = path.resolve(__dirname, '../../..');
const OUT = path.join(WORKSPACE, 'dist', 'report-browser-test');

describe('report in a real browser', () => {
  beforeAll(() => {
    fs.rmSync(OUT, { recursive: true, force: true });
  });

  it('renders both fixture reports from file:// with no errors, every chart drawn, and the b table complete', async () => {
    writeClassificationFixture(path.join(OUT, 'runs'));
    writeSegmentationFixture(path.join(OUT, 'runs'));
    const cls = await generateReport(path.join(OUT, 'runs', 'fixture-cifar-vgg'), path.join(OUT, 'reports', 'fixture-cifar-vgg'));
    const seg = await generateReport(path.join(OUT, 'runs', 'fixture-voc-fcn'), path.join(OUT, 'reports', 'fixture-voc-fcn'));
    await withBrowser(async (open) => {
      const screenshot = path.join(path.dirname(cls.indexHtml), 'report.png');
      const c = await open(cls.indexHtml, screenshot);
      expect(c.errors).toEqual([]);
      expect(c.requests).toEqual([]);
      expect(c.charts.map((x) => x.id)).toEqual(['drop-vs-pruned', 'kept-per-layer', 'kept-filters', 'training-reward', 'training-kept', 'uniform-l1']);
      for (const chart of c.charts) {
        expect(chart).toMatchObject({ hasSvg: true });
        expect(chart.width).toBeGreaterThan(200);
      }
      expect(c.bRows).toEqual(['0.5', '2', '4']);
      expect(c.missingTitles.length).toBe(7);
      expect(c.missingTitles[0]).toMatch(/^no finished run for agent at b = 4: .* \(running\)$/);
      expect(fs.statSync(screenshot).size).toBeGreaterThan(50_000);
      console.log(`report screenshot: ${screenshot}`);

      const s = await open(seg.indexHtml, path.join(path.dirname(seg.indexHtml), 'report.png'));
      expect(s.errors).toEqual([]);
      expect(s.requests).toEqual([]);
      expect(s.charts.every((x) => x.hasSvg)).toBe(true);
      expect(s.charts.map((x) => x.id)).toContain('mean-iu-per-b');
      expect(s.bRows).toEqual(['1', '3']);
      expect(s.images).toBe(16);
      expect(s.brokenImages).toBe(0);
    });
  });

  it('fails, not skips, when Chromium is missing', async () => {
    await expect(withBrowser(async () => 1, '/nonexistent/chromium')).rejects.toThrow(/Chromium not found at \/nonexistent\/chromium: install Debian's chromium/);
  });
});
