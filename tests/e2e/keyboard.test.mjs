// Everything without the mouse: load an example, run it, step back and forth, turn the GIL
// off and on again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, openPage, useBrowser } from './browser.mjs';

const env = useBrowser();

/** Presses Tab until the element with `id` has the focus (leaving the editor with Escape). */
async function tabTo(page, id) {
  for (let i = 0; i < 40; i += 1) {
    const at = await page.evaluate(() => document.activeElement?.id);
    if (at === id) return;
    if (at === 'editor') await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached #${id}`);
}

const position = (page) => page.locator('#step-position').textContent();

test('a reader without a mouse loads an example, runs it, steps back and forth and toggles the GIL', async () => {
  const { page, errors } = await openPage(env);

  await tabTo(page, 'examples');
  for (let i = 0; i < 20; i += 1) {
    if ((await page.locator('#examples').inputValue()) === '002_bank_deadlock.py') break;
    await page.keyboard.press('ArrowDown');
  }
  assert.equal(await page.locator('#examples').inputValue(), '002_bank_deadlock.py');
  assert.match(await page.getByLabel('Python source code').inputValue(), /account1/);

  await tabTo(page, 'run');
  await page.keyboard.press('Enter');
  await page.locator('#headline', { hasText: 'Deadlock' }).waitFor({ timeout: 20000 });

  const end = await position(page);
  const [, last, total] = end.match(/step (\d+) of (\d+)/);
  assert.equal(last, total, end);
  await page.keyboard.press('ArrowLeft');
  await page.locator('#step-position', { hasText: `step ${total - 1} of ${total}` }).waitFor();
  const narration = await page.locator('#narration').textContent();
  assert.ok(narration.length > 0, 'the step is told in words');
  assert.equal(await page.locator('#narration').getAttribute('aria-live'), 'polite');
  // The deadlocked threads wait at their lines of the program: marked beside the line numbers.
  assert.match(await page.locator('.gutter .line-marker').first().textContent(), /^T\d+$/);
  await page.keyboard.press('Home');
  await page.locator('#step-position', { hasText: `step 1 of ${total}` }).waitFor();
  // A digit finds the next step of that thread.
  await page.keyboard.press('2');
  await page.waitForFunction(() => /\bT2\b/.test(document.querySelector('#narration')?.textContent ?? ''));
  await page.keyboard.press('Home');
  await page.locator('#step-position', { hasText: `step 1 of ${total}` }).waitFor();
  await page.keyboard.press('ArrowRight');
  await page.locator('#step-position', { hasText: `step 2 of ${total}` }).waitFor();
  assert.ok((await page.locator('#step-threads tbody tr').count()) >= 1, 'threads at the step');
  assert.equal(await page.locator('#timeline-cursor').count(), 1, 'the step on the timeline');
  // Stepping on from the start, some step changes a variable of __main__: it is highlighted.
  let highlighted = 0;
  for (let i = 0; i < 12 && highlighted === 0; i += 1) {
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(50);
    highlighted = await page.locator('#step-globals tr.changed').count();
  }
  assert.ok(highlighted > 0, 'a changed variable is highlighted');
  await page.keyboard.press('End');
  await page.locator('#step-position', { hasText: `step ${total} of ${total}` }).waitFor();
  // The Play button plays (from the start, as playback stood at the end) and pauses.
  await tabTo(page, 'play');
  await page.keyboard.press('Space');
  await page.locator('#play', { hasText: 'Pause' }).waitFor();
  await page.waitForTimeout(1200);
  await page.keyboard.press('Space');
  await page.locator('#play', { hasText: 'Play' }).waitFor();
  const played = Number((await position(page)).match(/step (\d+)/)[1]);
  assert.ok(played > 1 && played < Number(total), `played to step ${played} of ${total}`);

  const gil = page.getByRole('switch', { name: 'GIL' });
  assert.equal(await gil.getAttribute('aria-checked'), 'true');
  await page.keyboard.press('g');
  assert.equal(await gil.getAttribute('aria-checked'), 'false');
  await tabTo(page, 'gil-switch');
  await page.keyboard.press('Space');
  assert.equal(await gil.getAttribute('aria-checked'), 'true');
  await page.screenshot({ path: join(SCREENSHOTS, 'keyboard-steps-1440.png'), fullPage: true });
  assert.deepEqual(errors, []);
});
