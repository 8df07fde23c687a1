// Hostile text stays text: a program whose output, thread name and exception carry HTML and
// script renders them literally (no element is created, no script runs), on the page, after
// stepping, and through a share link; a hostile link gives a clear message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, useBrowser } from './browser.mjs';

const env = useBrowser();

const PAYLOAD = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
const SOURCE = `import threading

payload = '${PAYLOAD}'

def work():
    print(payload)

t = threading.Thread(target=work, name='<b id="xss-name">T</b>')
t.start()
t.join()
raise ValueError(payload)
`;

async function assertInert(page) {
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'no injected script ran');
  assert.equal(await page.locator('#xss-name').count(), 0, 'the thread name made no element');
  assert.equal(await page.locator('img[src="x"]').count(), 0, 'the output made no image');
}

test('HTML and script in output, thread names and errors render as text, also through a link', async () => {
  const { page, errors } = await openPage(env, { width: 1440 });
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await page.getByLabel('Python source code').fill(SOURCE);
  await page.locator('#run').click();
  await page.waitForFunction(() => document.querySelector('#console')?.textContent.includes('ValueError'), null, { timeout: 30000 });
  const console = await page.locator('#console').textContent();
  assert.ok(console.includes(PAYLOAD), 'the payload is shown as printed');
  assert.ok(console.includes(`ValueError: ${PAYLOAD}`), 'and in the traceback');
  await assertInert(page);
  // Step through the run: the narration names the thread.
  await page.keyboard.press('End');
  await assertInert(page);
  await page.getByRole('button', { name: /Share/ }).click();
  const link = await page.locator('#share-link').inputValue();
  const shared = await openPage(env, { width: 375, url: link });
  assert.ok((await shared.page.locator('#console').textContent()).includes(PAYLOAD));
  await assertInert(shared.page);
  // A hostile link is refused with a message, and nothing in it runs.
  const hostile = await openPage(env, { width: 1440, url: `${env.server.url}#s=<img src=x onerror="window.__xss=3">` });
  const message = await hostile.page.locator('#link-error').textContent();
  assert.match(message, /link/i);
  assert.ok(!message.includes('<img'), message);
  await assertInert(hostile.page);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
  assert.deepEqual(shared.errors, []);
  assert.deepEqual(hostile.errors, []);
});
