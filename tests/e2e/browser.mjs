// Starts Debian's Chromium headless the way this machine needs it.
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const SCREENSHOTS = join(process.cwd(), 'target', 'screenshots');

export async function launch() {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const userDataDir = mkdtempSync(join(tmpdir(), 'gil-lab-chromium-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Fails the test on any page error or console error. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/**
 * A new page whose first load starts without the autosaved program of an earlier page (every
 * page of a context shares its localStorage); reloads keep what the page saved.
 */
export async function freshPage(context) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('gil-lab-test-fresh')) {
      localStorage.clear();
      sessionStorage.setItem('gil-lab-test-fresh', '1');
    }
  });
  return page;
}
