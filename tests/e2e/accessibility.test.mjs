// axe-core on the main page and the embed page (after a run, with playback shown), and the
// embed page's compact scenario with its way to the full page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, freshPage, openPage, useBrowser, watchErrors, violations } from './browser.mjs';

const env = useBrowser();


for (const width of [1440, 375]) {
  test(`axe-core finds nothing on the main page at ${width} px, with a run and a step shown`, async () => {
    const { page, errors } = await openPage(env, { width });
    await page.locator('#step-back').click();
    await page.locator('#step-threads').waitFor();
    await page.locator('#share').click();
    await page.locator('#share-link').waitFor();
    assert.deepEqual(await violations(page), []);
    // Nothing makes the page wider than the screen (wide tables and the timeline scroll inside).
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= width);
    await page.screenshot({ path: join(SCREENSHOTS, `main-${width}.png`), fullPage: true });
    assert.deepEqual(errors, []);
  });
}

test('axe-core finds nothing while steering and after exploring, at 1440 and 375 px', async () => {
  for (const width of [1440, 375]) {
    const { page, errors } = await openPage(env, { width });
    await page.getByLabel('Challenge').selectOption('deadlock');
    await page.locator('#choose-0').click();
    await page.locator('#explore').click();
    await page.locator('#explore-verdict').waitFor({ timeout: 30000 });
    assert.deepEqual(await violations(page), []);
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= width);
    await page.screenshot({ path: join(SCREENSHOTS, `scheduler-explorer-${width}.png`), fullPage: true });
    assert.deepEqual(errors, []);
  }
});

test('the embed page shows one scenario compactly, links to the full page, and passes axe-core', async () => {
  const { page, errors } = await openPage(env);
  await page.getByLabel('Examples').selectOption('002_bank_deadlock.py');
  await page.locator('#share').click();
  const link = await page.locator('#share-link').inputValue();
  const url = new URL(link);
  url.search = '?embed';

  const embed = await freshPage(env.context);
  const embedErrors = watchErrors(embed);
  await embed.setViewportSize({ width: 640, height: 800 });
  await embed.goto(url.toString());
  await embed.locator('#headline', { hasText: 'Deadlock' }).waitFor({ timeout: 20000 });
  assert.equal(await embed.locator('.site-header').count(), 0, 'no page header in the embed');
  assert.equal(await embed.locator('#disassembly').count(), 0, 'no bytecode pane in the embed');
  const full = await embed.locator('#open-full').getAttribute('href');
  assert.ok(!full.includes('embed'), full);
  assert.equal(new URL(full).hash, new URL(link).hash, 'the full page opens the same scenario');
  assert.equal(
    await embed.evaluate(() => localStorage.getItem('gil-lab.scenario')),
    null,
    "an embedded scenario is not saved over the reader's own program",
  );
  assert.doesNotMatch(await embed.locator('#editor-keys').textContent(), /saved/, 'nor does it say it is saved');
  assert.deepEqual(await violations(embed), []);
  await embed.screenshot({ path: join(SCREENSHOTS, 'embed-640.png'), fullPage: true });
  assert.deepEqual(errors, []);
  assert.deepEqual(embedErrors, []);

  // In an article's iframe, wide and narrow: nothing wider than the frame, the run in view.
  for (const [width, height] of [[760, 640], [360, 640]]) {
    const host = await freshPage(env.context);
    await host.setViewportSize({ width: width + 40, height: height + 40 });
    await host.setContent(`<iframe title="GIL Lab scenario" width="${width}" height="${height}" src="${url}"></iframe>`);
    const frame = host.frameLocator('iframe');
    await frame.locator('#headline', { hasText: 'Deadlock' }).waitFor({ timeout: 20000 });
    const [scroll, client] = await frame.locator('html').evaluate((e) => [e.scrollWidth, e.clientWidth]);
    assert.ok(scroll <= client, `the embed is ${scroll} px wide in a ${client} px frame`);
    // A line longer than the editor is not cut off silently: the editor scrolls sideways.
    const [codeWidth, editorWidth, overflow] = await frame.locator('textarea.editor')
      .evaluate((e) => [e.scrollWidth, e.clientWidth, getComputedStyle(e).overflowX]);
    assert.ok(codeWidth <= editorWidth + 1 || overflow === 'auto', `the code is cut at ${width} px`);
    console.log(`embed in a ${width}x${height} iframe: code ${codeWidth} px in a ${editorWidth} px editor (scrolls sideways: ${codeWidth > editorWidth + 1})`);
    // The run's outcome shows in the frame without scrolling it.
    const headline = await frame.locator('#headline').boundingBox();
    assert.ok(headline.y + headline.height <= height, `the headline ends at ${headline.y + headline.height} in a ${height} px frame`);
    await host.screenshot({ path: join(SCREENSHOTS, `embed-iframe-${width}x${height}.png`) });
    await host.close();
  }
});
