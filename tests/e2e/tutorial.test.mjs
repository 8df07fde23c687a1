// The tutorial: the contents list eleven chapters; every chapter opens at its own address, runs
// its first scenario from the card, and shows the run under it (a screenshot of each); axe-core
// finds nothing on any chapter at 1440 and 375 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, freshPage, useBrowser, watchErrors, violations } from './browser.mjs';

const env = useBrowser();

test('the contents list eleven chapters, each opens, runs its first scenario and shows the run', async () => {
  const page = await freshPage(env.context);
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`${env.server.url}#learn`);
  await page.locator('.chapter-list').waitFor({ timeout: 20000 });
  const links = page.locator('.chapter-list a');
  assert.equal(await links.count(), 11);
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const [i, href] of hrefs.entries()) {
    // Moving between the tutorial's pages does not reload the page.
    await page.goto(new URL(href, env.server.url).href);
    await page.waitForFunction(
      (n) => document.querySelector('.chapter-progress')?.textContent === `Chapter ${n} of 11`,
      i + 1,
      { timeout: 20000 },
    );
    const card = page.locator('.scenario-card, .claim-box').first();
    await card.locator('button.run').click();
    await card.locator('#headline').waitFor({ timeout: 60000 });
    const headline = (await card.locator('#headline').textContent()).trim();
    const checks = await card.locator('.expect-list li').allTextContents();
    assert.equal(await card.locator('.expect-no').count(), 0, `chapter ${i + 1}: ${checks.join('; ')}`);
    console.log(`chapter ${i + 1} (${await page.locator('#chapter-title').textContent()}): ${headline} [${checks.join('; ')}]`);
    await page.screenshot({ path: join(SCREENSHOTS, `tutorial-${String(i + 1).padStart(2, '0')}.png`), fullPage: false });
    // The card's code fits its box: no line runs past the editor's right edge.
    const editor = card.locator('textarea.editor');
    const [scroll, client] = await editor.evaluate((e) => [e.scrollWidth, e.clientWidth]);
    assert.ok(scroll <= client + 1, `chapter ${i + 1}: the card's code is ${scroll} px wide in a ${client} px editor`);
    assert.deepEqual(await violations(page), [], `axe-core on chapter ${i + 1} after its run`);
  }
  // Every chapter again on a phone's width, its first card run: nothing for axe-core, nothing
  // wider than the screen.
  await page.setViewportSize({ width: 375, height: 800 });
  for (const [i, href] of hrefs.entries()) {
    await page.goto(new URL(href, env.server.url).href);
    await page.waitForFunction((n) => document.querySelector('.chapter-progress')?.textContent === `Chapter ${n} of 11`, i + 1);
    const card = page.locator('.scenario-card, .claim-box').first();
    await card.locator('.scenario-actions button.run').click();
    await card.locator('#headline').waitFor({ timeout: 60000 });
    await card.locator('#headline').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, `tutorial-${String(i + 1).padStart(2, '0')}-375.png`), fullPage: false });
    assert.deepEqual(await violations(page), [], `axe-core on chapter ${i + 1} at 375 px`);
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 375, `chapter ${i + 1} fits 375 px`);
  }
  assert.deepEqual(errors, []);
});


test('a chapter: a prompt changes one setting, a claim box runs its scenario, a challenge starts steering; axe finds nothing at 1440 and 375 px', async () => {
  for (const width of [1440, 375]) {
    const page = await freshPage(env.context);
    const errors = watchErrors(page);
    await page.setViewportSize({ width, height: 1000 });
    await page.goto(`${env.server.url}#learn/race-conditions`);
    await page.locator('#chapter-title').waitFor({ timeout: 20000 });
    const card = page.locator('.scenario-card').first();
    await card.getByRole('button', { name: 'Try: The same on Python 3.11' }).click();
    await card.locator('#headline').waitFor({ timeout: 60000 });
    assert.match(await card.locator('#headline').textContent(), /no lost update was found/);
    assert.match(await card.locator('#console').textContent(), /Final value: 2000000/);
    assert.equal(await card.getByLabel('Python', { exact: true }).inputValue(), '3.11');
    assert.match(await card.locator('.expect-list').textContent(), /✓ It lost no update\./);
    const claim = page.locator('.claim-box', { hasText: 'The GIL prevents race conditions' });
    assert.match(await claim.locator('.claim-verdict').textContent(), /Myth/);
    await claim.getByRole('button', { name: 'Run the scenario that shows it' }).click();
    await claim.locator('#headline').waitFor({ timeout: 60000 });
    assert.match(await claim.locator('#headline').textContent(), /lost updates/);
    assert.match(await claim.locator('.claim-run').textContent(), /In this run the claim does not hold/);
    assert.equal(await card.locator('#headline').count(), 0, 'the playground moved to the claim');
    await page.screenshot({ path: join(SCREENSHOTS, `tutorial-claim-${width}.png`), fullPage: false });
    assert.deepEqual(await violations(page), [], `axe at ${width} px`);
    const challenge = page.locator('.challenge-card');
    await challenge.getByRole('button', { name: 'Take the challenge' }).click();
    await challenge.locator('#scheduler').waitFor({ timeout: 20000 });
    await page.screenshot({ path: join(SCREENSHOTS, `tutorial-challenge-${width}.png`), fullPage: false });
    assert.deepEqual(await violations(page), [], `axe while steering at ${width} px`);
    assert.deepEqual(errors, []);
  }
});

test('running a second card keeps the reader where they clicked', async () => {
  for (const width of [1440, 375]) {
    const page = await freshPage(env.context);
    const errors = watchErrors(page);
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${env.server.url}learn/race-conditions/`);
    const cards = page.locator('.scenario-card, .claim-box');
    await cards.first().locator('.scenario-actions button.run').click();
    await cards.first().locator('#headline').waitFor({ timeout: 60000 });
    const second = cards.nth(1).locator('.scenario-actions button.run');
    await second.scrollIntoViewIfNeeded();
    const before = (await second.boundingBox()).y;
    await second.click();
    await cards.nth(1).locator('#headline').waitFor({ timeout: 60000 });
    const after = (await second.boundingBox()).y;
    assert.ok(Math.abs(after - before) <= 2, `at ${width} px the button moved from ${before} to ${after}`);
    assert.deepEqual(errors, []);
  }
});

test('chapter 10: the memory lane shows each worker holding its list while it sleeps, and the memory freed when it ends', async () => {
  const page = await freshPage(env.context);
  const errors = watchErrors(page);
  for (const width of [1440, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(new URL('learn/threads-and-memory/', env.server.url).href);
    const card = page.locator('.scenario-card', { hasText: 'Three workers sleep holding a list each' });
    await card.locator('.scenario-actions button.run').click();
    await card.locator('#headline').waitFor({ timeout: 60000 });
    assert.equal(await card.locator('.expect-no').count(), 0, (await card.locator('.expect-list li').allTextContents()).join('; '));
    // One lane for the program's objects, with three workers' colours at its foot.
    const lane = card.locator('.memory-lane');
    assert.equal(await lane.count(), 1);
    const hues = await lane.locator('path.memory-held').evaluateAll((paths) => paths.map((p) => p.getAttribute('class')));
    for (const worker of ['hue-1', 'hue-2', 'hue-3']) {
      assert.ok(hues.some((h) => h.includes(worker)), `the workers' colours: ${hues}`);
    }
    const words = await card.locator('.memory-words').textContent();
    assert.match(words, /12\.2 MB at the peak .* At most, the frames of T\d Thread-\d \(worker\) held 4\.0 MB that nothing else did\./);
    assert.ok(await card.locator('.lane-label', { hasText: 'memory' }).count() >= 1, 'the lane is named');
    await card.locator('.timeline').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, `memory-lane-${width}.png`), fullPage: false });
    assert.deepEqual(await violations(page), [], `axe-core on the memory card at ${width} px`);
  }
  assert.deepEqual(errors, []);
});
