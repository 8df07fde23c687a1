// The library's everyday shapes from the Examples menu: a thread pool's workers and a process
// pool's workers are named on the timeline as CPython names them, and free-threaded threads on
// two cores are drawn on two core lanes (a screenshot of each). The library's modules are
// fetched only for a program that imports them, and one that cannot be fetched is named as
// such, never as the reader's mistake.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, openPage, run, useBrowser } from './browser.mjs';

const env = useBrowser();

/** The full names of the timeline's lanes. */
async function laneNames(page) {
  return page.locator('.lane-labels .lane-label title').allTextContents();
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
  const atOnce = Number((await page.locator('#speedup').textContent()).match(/([\d.]+) of the threads ran at once/)[1]);
  assert.ok(atOnce > 1.5 && atOnce <= 2, `${atOnce} threads at once on 2 cores`);
  await page.screenshot({ path: join(SCREENSHOTS, 'free-threaded-8-on-2-cores-1440.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('library modules are fetched for the programs that import them, and a failed fetch says so', async () => {
  const { page, errors } = await openPage(env, { width: 1440 });
  const fetched = [];
  page.on('request', (request) => {
    const match = new URL(request.url()).pathname.match(/\/library\/([\w.]+)-[0-9a-f]{16}\.py$/);
    if (match) fetched.push(match[1]);
  });
  await page.getByLabel('Examples').selectOption('threadpool_map.py');
  await run(page);
  assert.ok(fetched.includes('concurrent.futures.thread'), `${fetched}`);
  // A thread pool never imports the process pool, as in CPython.
  assert.ok(!fetched.some((name) => name.startsWith('multiprocessing')), `${fetched}`);

  await page.route('**/library/bisect-*.py', (route) => route.abort());
  await page.getByLabel('Python source code').fill('import bisect\nprint(bisect.bisect([1, 2, 3], 2), [1, 2])\n');
  await run(page);
  const console = await page.locator('#console').textContent();
  assert.match(console, /ImportError: GIL Lab's model of the module 'bisect' is not loaded/);
  assert.doesNotMatch(console, /ModuleNotFoundError/);
  // Once the network is back, the same program runs.
  await page.unroute('**/library/bisect-*.py');
  await run(page);
  assert.match(await page.locator('#console').textContent(), /2 \[1, 2\]/);
  // The page itself logs the failed fetch; nothing else went wrong.
  assert.deepEqual(errors.filter((e) => !/bisect|ERR_FAILED/.test(e)), []);
});
