/**
 * Headless Chromium (Debian's `chromium`, driven by playwright-core) for the HTML report tests: one browser
 * per test file, pages opened from file:// with every other request aborted and recorded.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Where screenshots go (test-output/, created on first use). */
export function outputPath(name: string): string {
  const dir = fileURLToPath(new URL('../../test-output/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

export function launchChromium(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'kcarbon-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1000, height: 800 },
  });
}

/** A page showing `file`; `requests` lists every URL it asked for that is not the file itself (aborted). */
export async function openOffline(
  context: BrowserContext,
  file: string,
): Promise<{ page: Page; requests: string[] }> {
  const requests: string[] = [];
  const page = await context.newPage();
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    requests.push(url);
    return route.abort();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !requests.includes(r.url())) requests.push(r.url());
  });
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  return { page, requests };
}
