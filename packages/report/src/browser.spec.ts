import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { chromium } from 'playwright-core';
import { generateReport } from './generate';
import { writeClassificationFixture, writeSegmentationFixture } from './testing/fixtures';

/**
 * Opens generated reports in a real headless Chromium from file:// and checks what a reader would see. CI
 * installs Debian's chromium; without it this test fails (it must not pass by skipping). The pages and the
 * screenshot stay in dist/report-browser-test/ so they can be looked at after the run.
 */
const CHROMIUM = process.env.L2P_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const WORKSPACE = path.resolve(__dirname, '../../..');
const OUT = path.join(WORKSPACE, 'dist', 'report-browser-test');

// The page.evaluate callback runs in the browser, where `document` exists; this package compiles without the DOM
// library, so the little of it used here is declared.
interface PageElement {
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  getBoundingClientRect(): { width: number };
  textContent: string | null;
}
declare const document: {
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  images: ArrayLike<{ complete: boolean; naturalWidth: number }>;
};

interface PageCheck {
  errors: string[];
  /** Requests for anything but the page itself and data: URIs: a self-contained report makes none. */
  requests: string[];
  charts: { id: string | null; hasSvg: boolean; width: number }[];
  bRows: string[];
  missingTitles: string[];
  brokenImages: number;
  images: number;
}

describe('report in a real browser', () => {
  beforeAll(() => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set L2P_CHROMIUM to its path`);
    }
    fs.rmSync(OUT, { recursive: true, force: true });
  });

  it('renders both fixture reports from file:// with no errors, every chart drawn, and the b table complete', async () => {
    writeClassificationFixture(path.join(OUT, 'runs'));
    writeSegmentationFixture(path.join(OUT, 'runs'));
    const cls = await generateReport(path.join(OUT, 'runs', 'fixture-cifar-vgg'), path.join(OUT, 'reports', 'fixture-cifar-vgg'));
    const seg = await generateReport(path.join(OUT, 'runs', 'fixture-voc-fcn'), path.join(OUT, 'reports', 'fixture-voc-fcn'));

    // A fresh profile directory for this run, removed afterwards.
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-chromium-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1200, height: 900 } });
    try {
      const open = async (file: string, screenshot?: string): Promise<PageCheck> => {
        const page = await context.newPage();
        const errors: string[] = [];
        const requests: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('request', (r) => {
          if (r.url() !== pathToFileURL(file).href && !r.url().startsWith('data:')) requests.push(r.url());
        });
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        const check = await page.evaluate(() => ({
          charts: Array.from(document.querySelectorAll('figure.chart')).map((f) => ({
            id: f.getAttribute('data-chart'),
            hasSvg: f.querySelector('.chart-svg > svg') !== null,
            width: f.querySelector('svg')?.getBoundingClientRect().width ?? 0,
          })),
          bRows: Array.from(document.querySelectorAll('#b-table tbody.results tr')).map((tr) => tr.querySelector('th')?.textContent ?? ''),
          missingTitles: Array.from(document.querySelectorAll('#b-table tbody.results td.missing')).map((td) => td.getAttribute('title') ?? ''),
          brokenImages: Array.from(document.images).filter((img) => !img.complete || img.naturalWidth === 0).length,
          images: document.images.length,
        }));
        if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
        await page.close();
        return { errors, requests, ...check };
      };

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
      expect(c.missingTitles.length).toBe(6);
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
    } finally {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  });
});
