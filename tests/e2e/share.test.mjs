// Share links: the link restores code, settings, seed and step in a new page; a tampered link
// shows a clear message and the default scenario.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, freshPage, useBrowser, watchErrors } from './browser.mjs';

const env = useBrowser();

async function open(page, url) {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(url);
  await page.locator('#headline').waitFor({ timeout: 20000 });
}

test('a shared link opens the same code, settings, seed and step', async () => {
  await env.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.server.url).origin });
  const page = await freshPage(env.context);
  const errors = watchErrors(page);
  await open(page, env.server.url);
  await page.getByLabel('Examples').selectOption('003_race_global.py');
  await page.getByLabel('Python', { exact: true }).selectOption('3.9');
  // The seed, OS, run-as and latency sit behind "More settings", which says them while closed.
  assert.match(await page.locator('#more-settings > summary').textContent(), /seed 1 · I\/O 100 ms · run as script · Linux/);
  await page.locator('#more-settings > summary').click();
  await page.getByLabel('Seed').fill('3');
  await page.getByLabel('Seed').press('Enter');
  await page.getByLabel('Seed').blur();
  await page.getByLabel('OS', { exact: true }).selectOption('macos');
  await page.getByLabel('Run as').selectOption('notebook');
  await page.getByLabel('I/O latency').selectOption('250');
  const before = await page.locator('#headline').textContent();
  await page.locator('#run').click();
  await page.waitForFunction((b) => document.querySelector('#headline')?.textContent !== b, before);
  await page.locator('#step-back').click();
  await page.locator('#step-back').click();
  const position = await page.locator('#step-position').textContent();
  // Each thread's line expands into that line's bytecode, and its instruction is named.
  const line = page.locator('.step-threads .line-bytecode').first();
  await line.locator('summary').click();
  assert.match(await line.locator('pre').textContent(), /[A-Z_]{4,}/);
  assert.ok((await page.locator('.step-threads code.instruction').allTextContents()).some((t) => /^[A-Z_]+/.test(t)));
  const narration = await page.locator('#narration').textContent();
  const source = await page.getByLabel('Python source code').inputValue();
  const headline = await page.locator('#headline').textContent();

  await page.locator('#share').click();
  await page.locator('.share-status', { hasText: 'Link copied' }).waitFor();
  const link = await page.locator('#share-link').inputValue();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  assert.match(link, /#s=[A-Za-z0-9_-]+$/);
  assert.ok(!page.url().includes('#s='), 'sharing does not rewrite the address bar');

  const opened = await freshPage(env.context);
  const openedErrors = watchErrors(opened);
  await open(opened, link);
  await opened.locator('#step-position', { hasText: position }).waitFor({ timeout: 20000 });
  assert.equal(await opened.getByLabel('Python source code').inputValue(), source);
  assert.equal(await opened.getByLabel('Python', { exact: true }).inputValue(), '3.9');
  assert.equal(await opened.getByLabel('Seed').inputValue(), '3');
  assert.equal(await opened.getByLabel('OS', { exact: true }).inputValue(), 'macos');
  assert.equal(await opened.getByLabel('Run as').inputValue(), 'notebook');
  assert.equal(await opened.getByLabel('I/O latency').inputValue(), '250');
  assert.equal(await opened.locator('#headline').textContent(), headline);
  assert.equal(await opened.locator('#narration').textContent(), narration);
  await opened.screenshot({ path: join(SCREENSHOTS, 'share-opened-1440.png'), fullPage: true });
  assert.deepEqual(errors, []);
  assert.deepEqual(openedErrors, []);

  // Change one character of the link: a clear message and the default scenario, not a blank page.
  const at = link.indexOf('#s=') + 10;
  const tampered = link.slice(0, at) + (link[at] === 'A' ? 'B' : 'A') + link.slice(at + 1);
  const broken = await freshPage(env.context);
  const brokenErrors = watchErrors(broken);
  await open(broken, tampered);
  const message = await broken.locator('#link-error').textContent();
  assert.match(message, /link/i);
  assert.match(message, /default scenario/);
  assert.equal(await broken.getByLabel('Python', { exact: true }).inputValue(), '3.11', 'the default version, not the link\'s 3.9');
  assert.equal(await broken.getByLabel('Seed').inputValue(), '1', 'the default seed, not the link\'s 3');
  await broken.screenshot({ path: join(SCREENSHOTS, 'share-tampered-1440.png'), fullPage: true });
  assert.deepEqual(brokenErrors, []);
});
