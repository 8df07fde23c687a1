// The tutorial's addresses: every chapter is a static page at learn/<slug>/ whose text (and
// preview tags) are there without JavaScript; with it, the page takes the static text over in
// place, moves between chapters without reloading (history, title, focus and aria-current
// kept true), and the older #learn/<slug> links land on the path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { SCREENSHOTS, freshPage, useBrowser, watchErrors, violations } from './browser.mjs';

const env = useBrowser();

test('a chapter opened without JavaScript shows its title, text, code and preview tags', async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    for (const width of [1440, 375]) {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 } });
      const page = await context.newPage();
      const response = await page.goto(`${env.server.url}learn/race-conditions/`);
      assert.equal(response.status(), 200);
      assert.equal(await page.title(), 'Race conditions · GIL Lab');
      assert.equal(await page.locator('#chapter-title').textContent(), 'Race conditions');
      assert.match(await page.locator('article.chapter').textContent(), /counter \+= 1 is not one step/);
      // The scenario's program is there to read, and the page says where its runs are.
      assert.match(await page.locator('.scenario-card pre').first().textContent(), /import threading/);
      assert.match(await page.locator('.static-note').first().textContent(), /needs JavaScript/);
      const og = await page.locator('meta[property="og:title"]').getAttribute('content');
      assert.equal(og, 'Race conditions · GIL Lab');
      assert.match(await page.locator('meta[name="description"]').getAttribute('content'), /counter \+= 1/);
      // The styles load from two folders down.
      const font = await page.locator('.site-header h1').evaluate((e) => getComputedStyle(e).fontSize);
      assert.equal(font, '22.4px');
      await page.locator('a[rel="next"]').first().click();
      await page.waitForURL(/learn\/locks\/$/);
      assert.equal(await page.locator('#chapter-title').textContent(), 'Locks');
      await page.screenshot({ path: join(SCREENSHOTS, `static-chapter-${width}.png`), fullPage: false });
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= width, `fits ${width} px`);
      await context.close();
    }
  } finally {
    await browser.close();
  }
});

test('the page takes a chapter over in place and moves between chapters by path', async () => {
  const page = await freshPage(env.context);
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${env.server.url}learn/race-conditions/`);
  await page.locator('.scenario-card button.run').first().waitFor({ timeout: 20000 });
  // The static copy is gone: one title, one header.
  assert.equal(await page.locator('[data-static]').count(), 0);
  assert.equal(await page.locator('#chapter-title').count(), 1);
  assert.equal(await page.locator('.site-header').count(), 1);
  assert.equal(await page.title(), 'Race conditions · GIL Lab');
  assert.equal(await page.locator('.site-nav a[aria-current]').textContent(), 'Learn');
  await page.evaluate(() => { window.sameDocument = true; });
  await page.locator('.chapter-nav a[rel="next"]').first().click();
  await page.waitForURL(/learn\/locks\/$/);
  await page.waitForFunction(() => document.title === 'Locks · GIL Lab');
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'no reload between chapters');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'chapter-title');
  await page.goBack();
  await page.waitForFunction(() => document.title === 'Race conditions · GIL Lab');
  assert.equal(await page.locator('#chapter-title').textContent(), 'Race conditions');
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'no reload going back');
  // The contents link, then a chapter from the list.
  await page.locator('.chapter-nav a', { hasText: 'Contents' }).first().click();
  await page.waitForURL(/learn\/$/);
  assert.equal(await page.locator('.site-nav a[aria-current="page"]').textContent(), 'Learn');
  await page.locator('.chapter-list a', { hasText: 'Deadlock' }).click();
  await page.waitForURL(/learn\/deadlock\/$/);
  // A library module a chapter's program imports is fetched from the site's root.
  await page.locator('.scenario-card button.run').first().click();
  await page.locator('.scenario-card #headline').waitFor({ timeout: 60000 });
  // A chapter's program is not the reader's: the editor does not say it is saved.
  assert.doesNotMatch(await page.locator('#editor-keys').textContent(), /saved/);
  assert.doesNotMatch(await page.locator('.scenario-card #console').textContent(), /could not be fetched|No module/);
  assert.deepEqual(await violations(page), []);
  // The playground link opens the playground afresh.
  await page.locator('.site-nav a', { hasText: 'Playground' }).click();
  await page.locator('#run').waitFor({ timeout: 20000 });
  assert.equal(new URL(page.url()).pathname, new URL(env.server.url).pathname);
  assert.equal(await page.title(), 'GIL Lab');
  assert.deepEqual(errors, []);
});

test('an older #learn link lands on the chapter\'s path, and the skip link reaches the text', async () => {
  const page = await freshPage(env.context);
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}#learn/the-gil`);
  await page.locator('#chapter-title').waitFor({ timeout: 20000 });
  await page.waitForURL(/learn\/the-gil\/$/);
  assert.equal(new URL(page.url()).hash, '');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to the content');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  assert.match(page.url(), /learn\/the-gil\/$/, 'the skip link leaves the address alone');
  assert.deepEqual(errors, []);
});
