// Compares two builds of the page on the full-size race seed in Chromium, click to result:
// `node scripts/race-ab.mjs DIST_A DIST_B [rounds]`. Rounds alternate A and B so both meet the
// same machine noise; each round takes the best of five runs, and the medians and
// bests of the rounds are printed with B's change against A.
import { freshPage, launch, timeRun } from '../tests/e2e/browser.mjs';
import { serve } from '../tests/e2e/server.mjs';

const [distA, distB, roundsArg] = process.argv.slice(2);
if (!distA || !distB) {
  console.error('usage: node scripts/race-ab.mjs DIST_A DIST_B [rounds]');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 5);

async function bestOfFive(context, url) {
  const page = await freshPage(context);
  await page.goto(url);
  await page.locator('#headline').waitFor({ timeout: 30000 });
  await page.waitForTimeout(1000);
  await page.getByLabel('Examples').selectOption('002_counter_race.py');
  let best = Infinity;
  for (let i = 0; i < 5; i += 1) best = Math.min(best, await timeRun(page));
  await page.close();
  return best;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const servers = [await serve(distA), await serve(distB)];
const times = [[], []];
// A fresh browser for every measurement: one browser that opens page after page gets slower.
for (let r = 0; r < rounds; r += 1) {
  for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) {
    const context = await launch();
    try {
      times[i].push(await bestOfFive(context, servers[i].url));
    } finally {
      await context.close();
    }
  }
}
for (const s of servers) await s.close();
for (const [name, xs] of [['A', times[0]], ['B', times[1]]]) {
  console.log(`${name}: median ${median(xs).toFixed(3)} s, best ${Math.min(...xs).toFixed(3)} s (${xs.map((x) => x.toFixed(3)).join(' ')})`);
}
const change = (median(times[1]) / median(times[0]) - 1) * 100;
console.log(`B against A: ${change >= 0 ? '+' : ''}${change.toFixed(1)}% (medians)`);
process.exit(0);
