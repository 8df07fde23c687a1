// Compare: the same code under two settings side by side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, openPage, useBrowser } from './browser.mjs';

const env = useBrowser();

const value = (text) => Number(text.match(/Final value: (\d+)/)[1]);

test('the race on 3.11 with the GIL beside the same code without it, then beside 3.9', async () => {
  const { page, errors } = await openPage(env, { height: 1100 });
  await page.locator('#compare').click();
  assert.equal(await page.locator('#compare-gil').inputValue(), 'off', 'the GIL switched off to start with');
  await page.locator('#run').click();
  await page.locator('#compare-headline').waitFor({ timeout: 30000 });
  await page.locator('#main-headline').waitFor({ timeout: 30000 });
  assert.match(await page.locator('#main-headline').textContent(), /no lost update was found/);
  assert.ok(value(await page.locator('#compare-headline').textContent()) < 2000000);
  assert.equal(await page.locator('.compare-side #timeline').count(), 2, 'a timeline per side');
  await page.screenshot({ path: join(SCREENSHOTS, 'compare-gil-1440.png'), fullPage: true });

  await page.locator('#compare-version').selectOption('3.9');
  await page.locator('#compare-gil').selectOption('on');
  await page.locator('#run').click();
  await page.locator('#compare-headline', { hasText: 'lost update' }).waitFor({ timeout: 30000 });
  assert.ok(value(await page.locator('#compare-headline').textContent()) < 2000000);
  assert.match(await page.locator('.compare-side h3').nth(1).textContent(), /3\.9, GIL on/);

  // The comparison travels in the share link: the opened page runs both sides again.
  await page.locator('#share').click();
  const link = await page.locator('#share-link').inputValue();
  const { page: opened, errors: openedErrors } = await openPage(env, { url: link });
  await opened.locator('#compare-headline', { hasText: 'lost update' }).waitFor({ timeout: 30000 });
  assert.equal(await opened.locator('#compare-version').inputValue(), '3.9');
  assert.equal(await opened.locator('#compare-gil').inputValue(), 'on');
  assert.equal(
    await opened.locator('#compare-headline').textContent(),
    await page.locator('#compare-headline').textContent(),
  );
  assert.deepEqual(openedErrors, []);

  await page.setViewportSize({ width: 375, height: 900 });
  await page.screenshot({ path: join(SCREENSHOTS, 'compare-375.png'), fullPage: true });
  await page.locator('#compare-close').click();
  assert.equal(await page.locator('.compare').count(), 0);
  assert.deepEqual(errors, []);
});
