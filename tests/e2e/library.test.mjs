// The library's everyday shapes from the Examples menu: a thread pool's workers and a process
// pool's workers are named on the timeline as CPython names them, and free-threaded threads on
// two cores are drawn on two core lanes (a screenshot of each).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, openPage, run, useBrowser } from './browser.mjs';

const env = useBrowser();

/** The full names of the timeline's lanes. */
async function laneNames(page) {
  return page.locator('#timeline .lane-label title').allTextContents();
}

test('a thread pool and a process pool name their workers on the timeline', async () => {
  const { page, errors } = await openPage(env, { width: 1440 });
  // The menu names each by what it shows.
  assert.equal(
    await page.locator('#examples option[value="threadpool_map.py"]').textContent(),
    'A thread pool downloads four pages (ThreadPoolExecutor.map)',
  );
  await page.getByLabel('Examples').selectOption('threadpool_map.py');
  await run(page);
  const threads = await laneNames(page);
  for (const worker of ['ThreadPoolExecutor-0_0', 'ThreadPoolExecutor-0_1', 'ThreadPoolExecutor-0_2']) {
    assert.ok(threads.some((name) => name.includes(worker)), `${worker} in ${threads}`);
  }
  assert.match(await page.locator('#console').textContent(), /index\.html: \d+ bytes[\s\S]*4 downloads in about 0\.3 s/);
  // What the model simplifies about files and the network is said in one line.
  assert.match(await page.locator('.cap-note').textContent(), /Files live in memory, and the network is simulated/);
  await page.screenshot({ path: join(SCREENSHOTS, 'library-threadpool-1440.png'), fullPage: true });

  await page.getByLabel('Examples').selectOption('pool_map.py');
  await run(page);
  const processes = await laneNames(page);
  for (const worker of ['ForkPoolWorker-1', 'ForkPoolWorker-2']) {
    assert.ok(processes.some((name) => name.includes(worker)), `${worker} in ${processes}`);
  }
  assert.match(await page.locator('#console').textContent(), /primes below 8,000: 1007/);
  await page.screenshot({ path: join(SCREENSHOTS, 'library-pool-1440.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('eight free-threaded threads on two cores are drawn on two core lanes', async () => {
  const { page, errors } = await openPage(env, { width: 1440 });
  await page.getByLabel('Python', { exact: true }).selectOption('3.13');
  await page.getByRole('switch', { name: 'GIL' }).click();
  await page.getByLabel('Cores').fill('2');
  await page.getByLabel('Cores').dispatchEvent('change');
  await page.getByLabel('Python source code').fill(
    'import threading\n\ndef work():\n    total = 0\n    for i in range(20_000):\n        total += i\n\n'
    + 'threads = [threading.Thread(target=work) for _ in range(8)]\nfor t in threads:\n    t.start()\n'
    + 'for t in threads:\n    t.join()\nprint("done")\n',
  );
  await run(page);
  assert.equal(await page.locator('#timeline .core-lane').count(), 2);
  // Never more threads at once than cores, and most of the time both cores busy.
  const atOnce = Number((await page.locator('#speedup').textContent()).match(/([\d.]+) threads ran at once/)[1]);
  assert.ok(atOnce > 1.5 && atOnce <= 2, `${atOnce} threads at once on 2 cores`);
  await page.screenshot({ path: join(SCREENSHOTS, 'free-threaded-8-on-2-cores-1440.png'), fullPage: true });
  assert.deepEqual(errors, []);
});
