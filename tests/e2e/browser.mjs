// Starts Debian's Chromium headless the way this machine needs it.
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

export const SCREENSHOTS = join(process.cwd(), 'target', 'screenshots');

export async function launch() {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const userDataDir = mkdtempSync(join(tmpdir(), 'gil-lab-chromium-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Fails the test on any page error or console error. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/**
 * A new page whose first load starts without the autosaved program of an earlier page (every
 * page of a context shares its localStorage); reloads keep what the page saved.
 */
export async function freshPage(context) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('gil-lab-test-fresh')) {
      localStorage.clear();
      sessionStorage.setItem('gil-lab-test-fresh', '1');
    }
  });
  return page;
}

/**
 * Serves dist/ and starts Chromium before the file's tests, and stops both after them. Returns
 * an object whose `server` and `context` are set once the tests run.
 */
export function useBrowser() {
  const env = { server: null, context: null };
  before(async () => {
    env.server = await serve('dist');
    env.context = await launch();
  });
  after(async () => {
    await env.context?.close();
    await env.server?.close();
  });
  return env;
}

/** Starts recording main-thread long tasks from now; `longest()` gives the longest, in ms. */
export async function watchLongTasks(page) {
  await page.evaluate(() => {
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longest = Math.max(window.__longest, entry.duration);
    }).observe({ type: 'longtask' });
  });
  return { longest: () => page.evaluate(() => window.__longest) };
}

/**
 * Opens `url` (the served page by default) in a fresh page at `width` × `height` and waits
 * for the result it opens with; returns the page and the list its errors go to.
 */
export async function openPage(env, { width = 1440, height = 1000, url = env.server.url } = {}) {
  const page = await freshPage(env.context);
  const errors = watchErrors(page);
  await page.setViewportSize({ width, height });
  await page.goto(url);
  await page.locator('#headline').waitFor({ timeout: 20000 });
  return { page, errors };
}

/**
 * Clicks Run and returns the seconds from the click until the run is over (the Cancel button
 * it shows has gone again): the bench's click-to-result time.
 */
export async function timeRun(page) {
  await page.evaluate(() => {
    window.__finished = null;
    let busy = false;
    const watcher = new MutationObserver(() => {
      if (document.querySelector('#cancel')) busy = true;
      else if (busy && window.__finished === null) {
        window.__finished = performance.now();
        watcher.disconnect();
      }
    });
    watcher.observe(document.body, { childList: true, subtree: true });
    window.__started = performance.now();
    document.querySelector('#run').click();
  });
  await page.waitForFunction(() => window.__finished !== null, null, { timeout: 120000 });
  return page.evaluate(() => (window.__finished - window.__started) / 1000);
}

/** Clicks Run and waits for the outcome; returns the headline. */
export async function run(page) {
  const previous = await page.locator('#headline').textContent().catch(() => null);
  await page.locator('#run').click();
  await page.waitForFunction(
    (before) => {
      const headline = document.querySelector('#headline');
      return document.querySelector('#run') && headline && headline.textContent !== before;
    },
    previous,
    { timeout: 60000 },
  );
  return page.locator('#headline').textContent();
}

/**
 * The elements among `selectors` whose text is below WCAG AA contrast (4.5:1, or 3:1 for large
 * text) against the first opaque background among the element and its ancestors (white when
 * none). SVG text is measured by its fill. Runs in the page.
 */
function measureContrasts(selectors) {
  const rgba = (text) => {
    const parts = text.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  };
  const luminance = ({ r, g, b }) => {
    const channel = (c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const background = (element) => {
    for (let at = element; at; at = at.parentElement) {
      const colour = rgba(getComputedStyle(at).backgroundColor);
      if (colour.a > 0.5) return colour;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const low = [];
  for (const selector of selectors) {
    const element = document.querySelector(selector);
    if (!element || !element.textContent.trim()) continue;
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const svgText = element instanceof SVGElement;
    const fg = rgba(svgText ? style.fill : style.color);
    if (fg.a === 0) continue;
    const [light, dark] = [luminance(fg), luminance(background(element))].sort((x, y) => y - x);
    const ratio = (light + 0.05) / (dark + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) low.push(`${selector} (${ratio.toFixed(2)}:1)`);
  }
  return low;
}

/** axe-core's violations on `page`, and the text whose contrast it could not decide and is low, each as "rule (impact): targets". */
export async function violations(page) {
  // Evaluated rather than added as a <script>: the page's Content-Security-Policy refuses inline
  // scripts, while evaluation from the test runs as the browser's own tools do.
  await page.evaluate(readFileSync(join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations', 'incomplete'] }));
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  // Where axe cannot decide a contrast (text over the editor's overlay, SVG text, a rule that
  // lost to another), the text's own colour is measured against the background it really has.
  const undecided = result.incomplete
    .filter((v) => v.id === 'color-contrast')
    .flatMap((v) => v.nodes.map((n) => n.target[0]));
  const low = await page.evaluate(measureContrasts, undecided);
  return low.length === 0 ? found : [...found, `low contrast: ${low.join(', ')}`];
}
