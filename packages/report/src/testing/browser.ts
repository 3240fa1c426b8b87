import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { BrowserContext, chromium } from 'playwright-core';

/**
 * Opens generated reports in a real headless Chromium from file:// and returns what a reader would see. Used by
 * this package's browser test and by the experiment sweep tests. Chromium is Debian's (CI installs it); a missing
 * one is an error, never a skip.
 */
export const CHROMIUM = process.env.L2P_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

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

export interface PageCheck {
  errors: string[];
  /** Requests for anything but the page itself and data: URIs: a self-contained report makes none. */
  requests: string[];
  charts: { id: string | null; hasSvg: boolean; width: number }[];
  bRows: string[];
  missingTitles: string[];
  brokenImages: number;
  images: number;
}

/** Runs `use` with a fresh headless Chromium profile (removed afterwards). */
export async function withBrowser<T>(
  use: (open: (file: string, screenshot?: string) => Promise<PageCheck>) => Promise<T>,
  executablePath: string = CHROMIUM,
): Promise<T> {
  return withChromium((context) => use((file, screenshot) => openPage(context, file, screenshot)), executablePath);
}

/** Runs `use` with a browser context of a fresh headless Chromium profile (closed and removed afterwards). */
export async function withChromium<T>(use: (context: BrowserContext) => Promise<T>, executablePath: string = CHROMIUM): Promise<T> {
  if (!fs.existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: install Debian's chromium (apt-get install chromium) or set L2P_CHROMIUM to its path`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, { executablePath, args: ARGS, headless: true, viewport: { width: 1200, height: 900 } });
  try {
    return await use(context);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

async function openPage(context: BrowserContext, file: string, screenshot?: string): Promise<PageCheck> {
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
}
