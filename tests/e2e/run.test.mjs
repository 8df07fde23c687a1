// Running programs on the page: the race seed under 3.9, 3.11 and without the GIL; the
// deadlock seed; a runaway program stopped with the page responsive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, openPage, run, useBrowser, watchLongTasks } from './browser.mjs';

const env = useBrowser();

/** The total the race program printed, read from the console. */
async function finalValue(page) {
  const printed = await page.locator('#console').textContent();
  const match = printed.match(/Final value: (\d+)/);
  assert.ok(match, printed);
  return Number(match[1]);
}

test('the global race loses updates on 3.9, not on 3.11, and again without the GIL', async () => {
  const { page, errors } = await openPage(env, { width: 1440 });
  // The page opens with its default scenario already run.
  const opened = await page.locator('#headline').textContent();
  assert.match(opened, /no lost update was found/);
  assert.equal(await finalValue(page), 2000000);
  console.log(`first result on screen ${Math.round(await page.evaluate(() => performance.now()))} ms after navigation`);
  await page.getByLabel('Examples').selectOption('003_race_global.py');
  await page.getByLabel('Python', { exact: true }).selectOption('3.9');

  const on39 = await run(page);
  assert.ok((await finalValue(page)) < 2000000, on39);
  assert.match(on39, /lost update/);
  assert.ok((await page.locator('.finding-marker').count()) > 0, 'lost-update markers');
  assert.ok((await page.locator('.lost-density').count()) > 0, 'the band of all the lost updates');
  assert.match(await page.locator('#lost-updates').textContent(), /shared_value/);
  // The lost updates account for the whole shortfall.
  const erased = on39.match(/lost updates? erased ([\d,]+) added by other threads/);
  assert.ok(erased, on39);
  assert.equal(Number(erased[1].replaceAll(',', '')), 2000000 - (await finalValue(page)));
  // Stepping from the start, a switch catches a thread between its read and its write.
  await page.locator('#step-first').click();
  let held = '';
  for (let i = 0; i < 80 && !held; i += 1) {
    const position = await page.locator('#step-position').textContent();
    await page.locator('#step-forward').click();
    await page.waitForFunction((before) => document.querySelector('#step-position')?.textContent !== before, position);
    const narration = await page.locator('#narration').textContent();
    if (/has read shared_value = \d+ at line 8 and not written it back; it is now \d+/.test(narration)) held = narration;
  }
  assert.ok(held, 'a step tells the value a thread read and the newer value it will overwrite');
  console.log(`narration: ${held}`);
  assert.match(await page.locator('#step-threads').textContent(), /holds shared_value = \d+ \(now \d+\)/);
  assert.ok((await page.locator('#timeline .lane').count()) >= 3, 'a lane per thread');
  assert.ok((await page.locator('#timeline .drop-request').count()) > 0, 'drop requests on the GIL lane');
  assert.match(await page.locator('#speedup').textContent(), /took turns/);
  assert.equal(await page.locator('#time-table tbody tr').count(), 3, 'a time row per thread');
  await page.screenshot({ path: join(SCREENSHOTS, 'run-race-39-1440.png'), fullPage: true });
  // Zoom in three times and pan: the window narrows to an eighth and moves later.
  const whole = await page.locator('#zoom-window').textContent();
  for (let i = 0; i < 3; i += 1) await page.locator('#zoom-in').click();
  const zoomed = await page.locator('#zoom-window').textContent();
  assert.notEqual(zoomed, whole);
  await page.locator('#pan-right').click();
  assert.notEqual(await page.locator('#zoom-window').textContent(), zoomed);
  assert.ok((await page.locator('#timeline .span').count()) > 0, 'the zoomed window is drawn');
  await page.screenshot({ path: join(SCREENSHOTS, 'run-race-39-zoomed-1440.png') });
  await page.locator('#zoom-fit').click();
  assert.equal(await page.locator('#zoom-window').textContent(), whole);

  await page.getByLabel('Python', { exact: true }).selectOption('3.11');
  // The 3.9 run is still shown, and says it is of the program as it was.
  assert.match(await page.locator('#stale-result').textContent(), /Python 3\.9, GIL on\): you have changed it since/);
  const on311 = await run(page);
  assert.equal(await page.locator('#stale-result').count(), 0, 'a fresh run is not stale');
  assert.match(on311, /no lost update was found/);
  assert.equal(await finalValue(page), 2000000, on311);

  const gil = page.getByRole('switch', { name: 'GIL' });
  assert.equal(await gil.getAttribute('aria-checked'), 'true');
  await gil.click();
  assert.equal(await gil.getAttribute('aria-checked'), 'false');
  const off = await run(page);
  assert.ok((await finalValue(page)) < 2000000, off);
  assert.ok((await page.locator('#timeline .core-lane').count()) >= 2, 'core lanes without the GIL');
  assert.match(await page.locator('#speedup').textContent(), /in parallel/);
  await page.screenshot({ path: join(SCREENSHOTS, 'run-race-nogil-1440.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('the bank deadlock names both threads, locks and lines', async () => {
  const { page, errors } = await openPage(env, { width: 375, height: 900 });
  await page.getByLabel('Examples').selectOption('002_bank_deadlock.py');
  const headline = await run(page);
  assert.match(headline, /Deadlock/);
  const panel = await page.locator('#deadlock').textContent();
  assert.match(panel, /Thread-1/);
  assert.match(panel, /Thread-2/);
  assert.match(panel, /account1\.lock/);
  assert.match(panel, /account2\.lock/);
  assert.match(panel, /line 16/);
  assert.match(panel, /line 19/);
  assert.ok((await page.locator('#timeline .deadlock-marker').count()) >= 2, 'the stuck threads are marked');
  // The wait-for cycle as a graph: both threads, each holding one lock and waiting for the other.
  assert.equal(await page.locator('#wait-for .wait-node').count(), 2);
  // The last step is told with the program's own name for the lock.
  assert.match(await page.locator('#narration').textContent(), /waiting for account\d\.lock/);
  const graph = await page.locator('#wait-for').getAttribute('aria-label');
  assert.match(graph, /waits for account2\.lock at line 19/);
  assert.match(graph, /waits for account1\.lock at line 19/);
  await page.screenshot({ path: join(SCREENSHOTS, 'run-deadlock-375.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('a runaway program can be cancelled and keeps its partial trace; the page stays responsive', async () => {
  const { page, errors } = await openPage(env, { width: 1440, height: 900 });
  // The budget is for the time the page simulates: tasks from here on, not the page's load.
  const tasks = await watchLongTasks(page);
  await page.getByLabel('Python source code').fill('import threading\n\ndef spin():\n    while True:\n        pass\n\nthreading.Thread(target=spin).start()\nspin()\n');
  await page.locator('#run').click();
  // Cancel once the run has shown some progress: a fixed wait would be past the cap on a
  // fast machine (`while True: pass` runs a few hundred million instructions a second).
  await page.waitForFunction(() => Number(document.querySelector('#run-progress')?.value) >= 20_000_000, null, { timeout: 10000 });
  await page.locator('#cancel').click();
  await page.locator('#headline').waitFor({ timeout: 10000 });
  assert.match(await page.locator('#headline').textContent(), /Stopped/);
  assert.match(await page.locator('#console').textContent(), /cancelled/);
  assert.ok((await page.locator('#timeline .lane').count()) >= 2, 'the partial trace is drawn');
  const longest = await tasks.longest();
  assert.ok(longest <= 50, `longest main-thread task ${longest} ms`);
  assert.deepEqual(errors, []);
});

test('an infinite loop stops at the stated cap with its partial trace, the page responsive throughout', async () => {
  const { page, errors } = await openPage(env, { width: 1440, height: 900 });
  const cap = await page.locator('.cap-note').textContent();
  const millions = Number(cap.match(/after (\d+) million instructions/)[1]);
  const tasks = await watchLongTasks(page);
  await page.getByLabel('Python source code').fill('def spin():\n    count = 0\n    while True:\n        count += 1\n\nspin()\n');
  await page.locator('#run').click();
  await page.locator('#headline', { hasText: 'Stopped' }).waitFor({ timeout: 120000 });
  const headline = await page.locator('#headline').textContent();
  assert.match(headline, new RegExp(`instruction budget \\(${millions * 1000000} instructions\\)`), headline);
  assert.match(await page.locator('#console').textContent(), /GIL Lab stopped the program/);
  // The cap is checked between scheduling steps: the run ends within one step past it.
  const ran = Number((await page.locator('.facts').textContent()).match(/([\d,]+) instructions/)[1].replaceAll(',', ''));
  assert.ok(ran >= millions * 1000000 && ran < millions * 1000000 + 100000, `${ran} instructions`);
  assert.ok((await page.locator('#timeline .lane').count()) >= 1, 'the partial trace is drawn');
  const longest = await tasks.longest();
  console.log(`longest main-thread task while running to the cap: ${longest} ms`);
  assert.ok(longest <= 50, `longest main-thread task ${longest} ms`);
  assert.deepEqual(errors, []);
});

test('a program that keeps growing its objects stops at the stated memory budget, and the page lives on', async () => {
  const { page, errors } = await openPage(env, { width: 1440, height: 900 });
  const cap = await page.locator('.cap-note').textContent();
  const megabytes = Number(cap.match(/or (\d+) MB of objects/)[1]);
  // Before the budget, this took the page's memory until the module trapped, leaving a dead page.
  await page.getByLabel('Python source code').fill("chunks = []\nprint('growing')\nwhile True:\n    chunks.append([0] * 1_000_000)\n");
  await page.locator('#run').click();
  await page.locator('#headline', { hasText: 'Stopped' }).waitFor({ timeout: 60000 });
  assert.match(await page.locator('#headline').textContent(), new RegExp(`memory budget \\(${megabytes} MB of objects\\)`));
  assert.match(await page.locator('#console').textContent(), /growing[\s\S]*GIL Lab stopped the program: it reached the memory budget/);
  // The run can still be stepped through, and run again. Its last step is where it stopped:
  // everything it printed, and the stop.
  await page.locator('#step-first').click();
  await page.locator('#step-last').click();
  await page.locator('#console', { hasText: 'GIL Lab stopped the program' }).waitFor({ timeout: 10000 });
  assert.match(await page.locator('#console').textContent(), /growing[\s\S]*it reached the memory budget/);
  await page.screenshot({ path: join(SCREENSHOTS, 'memory-budget-last-step-1440.png'), fullPage: true });
  await page.locator('#run').click();
  await page.locator('#headline', { hasText: 'memory budget' }).waitFor({ timeout: 60000 });
  assert.deepEqual(errors, []);
});

test('the naive no-GIL experiment marks where reference counts went wrong', async () => {
  const { page, errors } = await openPage(env, { width: 1440 });
  await page.getByLabel('Python source code').fill("import threading\n\nclass Data:\n    pass\n\nshared = Data()\n\ndef work():\n    for _ in range(100000):\n        x = shared\n        y = x\n\nts = [threading.Thread(target=work) for _ in range(2)]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nprint('done')\n");
  await page.getByLabel('Python', { exact: true }).selectOption('3.13');
  await page.getByRole('switch', { name: 'GIL' }).click();
  await page.getByLabel('Without the GIL').selectOption('naive');
  let marked = 0;
  await page.locator('#more-settings > summary').click();
  for (let seed = 1; seed <= 8 && marked === 0; seed += 1) {
    await page.getByLabel('Seed').fill(String(seed));
    await page.getByLabel('Seed').blur();
    await run(page);
    marked = await page.locator('#timeline .refcount-marker').count();
  }
  assert.ok(marked > 0, 'a refcount marker on the timeline');
  assert.ok((await page.locator('#refcount-findings li').count()) > 0, 'the findings in words');
  await page.screenshot({ path: join(SCREENSHOTS, 'run-naive-1440.png'), fullPage: true });
  assert.deepEqual(errors, []);
});
