// The page runs under its Content-Security-Policy: no inline script, no style attribute, no
// HTML built from strings (Trusted Types), scripts and WebAssembly from its own origin only.
// A panic that reaches the browser leaves a banner with the details and a way to copy them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, openPage, useBrowser } from './browser.mjs';

const env = useBrowser();

test('the page declares a strict Content-Security-Policy and works under it', async () => {
  const { page, errors } = await openPage(env, { width: 1440 });
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  for (const directive of ["default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "require-trusted-types-for 'script'"]) {
    assert.ok(policy.includes(directive), `${directive} in ${policy}`);
  }
  assert.ok(!policy.includes('unsafe-inline') && !policy.includes("'unsafe-eval'"), policy);
  assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script in the page');
  await page.evaluate(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  // What a reader does: run, step, explore (its bars), share, and open a chapter.
  await page.locator('#run').click();
  await page.locator('#step-back').click();
  await page.getByLabel('Challenge').selectOption('deadlock');
  await page.locator('#explore').click();
  await page.locator('#explore-outcomes li').first().waitFor({ timeout: 30000 });
  const bar = await page.locator('#explore-outcomes .bar').first().boundingBox();
  assert.ok(bar && bar.width > 0, 'the outcome bars are drawn');
  await page.locator('#share').click();
  await page.locator('#share-link').waitFor();
  await page.goto(`${env.server.url}#learn/the-gil`);
  await page.locator('main h1, main h2').first().waitFor();
  assert.deepEqual(await page.evaluate(() => window.__violations ?? []), []);
  // The policy is in force: HTML from a string and an injected inline script are refused.
  const injected = await page.evaluate(() => {
    const results = [];
    try { document.body.insertAdjacentHTML('beforeend', '<img id="x-html" src="x">'); results.push('html allowed'); } catch (e) { results.push(e.name); }
    const script = document.createElement('script');
    try { script.textContent = 'window.__ran = 1'; document.body.append(script); } catch (e) { results.push(e.name); }
    return { results, ran: window.__ran ?? null };
  });
  assert.deepEqual(injected, { results: ['TypeError', 'TypeError'], ran: null });
  const reported = await page.evaluate(() => window.__violations);
  assert.ok(reported.some((v) => v.startsWith('require-trusted-types-for')), reported.join('\n'));
  assert.deepEqual(errors.filter((e) => !/Trusted(HTML|Script| Type)|Content Security Policy/i.test(e)), []);
});

test('a panic leaves a banner with the details, a copy button and a reload button', async () => {
  const { page, errors } = await openPage(env, { width: 375 });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate(() => { try { window.wasmBindings.panic_for_test(); } catch (e) { window.__trap = String(e); } });
  const banner = page.getByRole('alert').filter({ hasText: 'GIL Lab stopped' });
  await banner.waitFor();
  const details = await page.locator('#crash-details').inputValue();
  assert.match(details, /panic_for_test/);
  assert.match(details, /src\/crash\.rs:\d+:\d+/);
  assert.match(details, /page: http/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'crash-copy', 'focus goes to the copy button');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), details);
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 375);
  await page.screenshot({ path: join(SCREENSHOTS, 'crash-banner-375.png') });
  assert.match(await page.evaluate(() => window.__trap), /unreachable|RuntimeError/);
  assert.ok(errors.every((e) => /panic_for_test|unreachable/.test(e)), errors.join('\n'));
  await page.getByRole('button', { name: 'Reload the page' }).click();
  await page.locator('#run').waitFor({ timeout: 20000 });
  assert.equal(await page.locator('#crash').count(), 0);
});
