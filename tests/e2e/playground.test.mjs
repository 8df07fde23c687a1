// The playground as a reader uses it: type Python, see CPython's bytecode or a positioned error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, freshPage, openPage, useBrowser, watchErrors } from './browser.mjs';

const env = useBrowser();

for (const [width, height] of [[1440, 900], [375, 812]]) {
  test(`the first screen at ${width}×${height}: one sentence, the course's door, the code, and the run's timeline and outcome above the fold`, async () => {
    const { page, errors } = await openPage(env, { width, height });
    const lead = await page.locator('.intro-lead').textContent();
    assert.match(lead, /^Two threads each add 1 to one counter a million times\. Press ▶ Run/);
    // The course's door: beside the sentence, or on a phone the header's Learn, drawn as a button.
    const door = width < 600 ? page.locator('.site-nav a', { hasText: 'Learn' }) : page.locator('.intro-course');
    assert.ok(await door.isVisible());
    assert.equal(await door.getAttribute('href'), new URL('learn/', env.server.url).pathname);
    const box = async (selector) => page.locator(selector).first().boundingBox();
    const [editor, run, timeline, headline] = await Promise.all(['.editor-pane', '#run', '#timeline', '#headline'].map(box));
    // The outcome's sentence and at least the first lanes of the timeline are on the first screen.
    assert.ok(timeline.y + 60 <= height && headline.y + headline.height <= height,
      `timeline at ${timeline.y}, headline ending at ${headline.y + headline.height}, fold at ${height}`);
    assert.ok(run.y + run.height <= height, 'Run is on the first screen');
    if (width < 900) assert.ok(editor.y < run.y, 'on a phone the code comes before its results');
    // Only version, GIL, cores and Run show; the rest is behind "More settings".
    assert.equal(await page.getByLabel('Seed').isVisible(), false);
    assert.match(await page.locator('#editor-keys').textContent(), /Your program is saved in this browser/);
    await page.screenshot({ path: join(SCREENSHOTS, `first-screen-${width}.png`), fullPage: false });
    if (width < 620) {
      // The timeline scrolls sideways on a phone; the lanes' names stay at its left edge.
      const scroller = page.locator('.timeline-scroll').first();
      await scroller.evaluate((e) => { e.scrollLeft = e.scrollWidth; });
      const [labels, frame] = await Promise.all([page.locator('.lane-labels').boundingBox(), scroller.boundingBox()]);
      assert.ok(Math.abs(labels.x - frame.x) <= 1, `labels at ${labels.x}, timeline's edge at ${frame.x}`);
      assert.match(await page.locator('.lane-labels').textContent(), /T1 Thread-1/);
      await page.screenshot({ path: join(SCREENSHOTS, `first-screen-${width}-scrolled.png`), fullPage: false });
    }
    // Another program in the editor: the sentence no longer speaks of the counter.
    await page.getByLabel('Python source code').fill('print(1)\n');
    assert.match(await page.locator('.intro-lead').textContent(), /^Your program is in the editor/);
    assert.deepEqual(errors, []);
  });
}

test('typing Python shows its bytecode, and a syntax error shows line:column', async () => {
  const page = await freshPage(env.context);
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(env.server.url);
  const editor = page.getByLabel('Python source code');
  await editor.waitFor();

  await editor.fill('x = 1 + 2\n');
  const disassembly = page.locator('#disassembly');
  await disassembly.filter({ hasText: 'STORE_NAME x' }).waitFor({ timeout: 5000 });
  const text = await disassembly.textContent();
  assert.match(text, /1 LOAD_CONST 3/);
  assert.match(text, /1 STORE_NAME x/);
  await page.screenshot({ path: join(SCREENSHOTS, 'playground-1440.png'), fullPage: true });

  await editor.fill('def f(:\n');
  const diagnostics = page.locator('#diagnostics');
  await diagnostics.waitFor({ timeout: 5000 });
  const problem = await diagnostics.textContent();
  assert.match(problem, /^1:\d+ /, problem);
  // The editor underlines the spot and marks the line's number.
  assert.ok((await page.locator('.code-area .tok-error').count()) > 0, 'the problem is underlined');
  assert.equal((await page.locator('.gutter-error').textContent()).trim(), '1');
  // Keywords are coloured from the parser's tokens.
  assert.equal(await page.locator('.code-area .tok-keyword').first().textContent(), 'def');
  await page.screenshot({ path: join(SCREENSHOTS, 'playground-syntax-error.png'), fullPage: true });

  assert.deepEqual(errors, []);
});

test('the version picker recompiles for another Python', async () => {
  const page = await freshPage(env.context);
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(env.server.url);
  const editor = page.getByLabel('Python source code');
  await editor.fill('x = 1 + 2\n');
  await page.getByLabel('Python', { exact: true }).selectOption('3.12');
  await page.locator('#disassembly', { hasText: 'RETURN_CONST None' }).waitFor({ timeout: 5000 });
  await page.getByLabel('Python', { exact: true }).selectOption('3.9');
  const text = await page.locator('#disassembly').textContent();
  assert.ok(!text.includes('RESUME'), text);
  await page.screenshot({ path: join(SCREENSHOTS, 'playground-375.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('Tab and Shift-Tab indent in the editor, Escape then Tab leaves it, and edits survive a reload', async () => {
  const page = await freshPage(env.context);
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  const editor = page.getByLabel('Python source code');
  await editor.fill('def f():\nreturn 1\n');
  await editor.evaluate((area) => area.setSelectionRange(9, 9));
  await page.keyboard.press('Tab');
  assert.equal(await editor.inputValue(), 'def f():\n    return 1\n');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await editor.inputValue(), 'def f():\nreturn 1\n');
  await page.keyboard.press('Tab');
  assert.equal(await editor.inputValue(), 'def f():\n    return 1\n');
  await page.locator('#disassembly', { hasText: 'code f' }).waitFor({ timeout: 5000 });
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'editor', 'Escape, Tab leaves the editor');

  await page.getByLabel('Python', { exact: true }).selectOption('3.9');
  await page.reload();
  await editor.waitFor();
  assert.equal(await editor.inputValue(), 'def f():\n    return 1\n');
  assert.equal(await page.getByLabel('Python', { exact: true }).inputValue(), '3.9');
  assert.equal(await page.locator('#headline').count(), 0, 'a restored program waits for Run');
  assert.deepEqual(errors, []);
});
