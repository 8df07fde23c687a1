// Saving a run: the timeline as SVG and PNG files that look like the page's timeline, and the
// trace as JSON with every event, the memory lane and the output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SCREENSHOTS, openPage, useBrowser } from './browser.mjs';

const env = useBrowser();

/** Clicks `button` and reads the file the page offers: its name and bytes. */
async function saved(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(button).first().click()]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

test('the timeline saves as SVG and PNG, and the run as JSON', async () => {
  const { page, errors } = await openPage(env, { width: 1440 });
  await page.locator('#headline').waitFor();

  const json = await saved(page, 'button.save-json');
  assert.equal(json.name, 'gil-lab-3.11-trace.json');
  const trace = JSON.parse(json.bytes.toString('utf8'));
  assert.equal(trace.format, 'gil-lab-trace/1');
  assert.equal(trace.python, '3.11');
  assert.equal(trace.settings.gil, 'on');
  assert.equal(trace.exit_status, 0);
  assert.deepEqual(trace.threads.slice(0, 1), ['MainThread']);
  const states = trace.events.filter((e) => e.kind === 'state');
  assert.ok(states.length > 3, `${states.length} state changes`);
  assert.ok(trace.memory.length > 0, 'the memory lane');
  assert.match(trace.output.map((w) => w.text).join(''), /Final value: 2000000/);

  const svg = await saved(page, 'button.save-svg');
  assert.equal(svg.name, 'gil-lab-3.11-timeline.svg');
  const text = svg.bytes.toString('utf8');
  assert.match(text, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(text, />T0 MainThread</);
  assert.match(text, /fill="rgb\(/, 'colours written in');
  // The saved file, opened on its own, looks like the page's timeline.
  const viewer = await env.context.newPage();
  await viewer.setContent(`<body style="margin:0;background:#fff">${text}</body>`);
  await viewer.screenshot({ path: join(SCREENSHOTS, 'saved-timeline-svg.png') });
  await viewer.close();

  const png = await saved(page, 'button.save-png');
  assert.equal(png.name, 'gil-lab-3.11-timeline.png');
  assert.deepEqual([...png.bytes.subarray(1, 4)], [0x50, 0x4e, 0x47], 'a PNG file');
  const width = png.bytes.readUInt32BE(16);
  assert.ok(width >= 1900, `drawn at twice the timeline's size: ${width} px wide`);
  assert.deepEqual(errors, []);
});
