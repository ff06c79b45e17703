import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { executablePath } from '#browser/launch';
import { REPO_ROOT } from '#infra/function';

// A user's browser: same-origin policy, CORS and mixed content enforced, one process per site.
const USER_BROWSER_DROPS = new Set([
  '--single-process',
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
]);

/** Headless Chromium from @sparticuz/chromium, as a user's browser behaves (web security on). */
export async function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: await executablePath(),
    headless: 'shell',
    args: chromium.args.filter(
      (arg) => !USER_BROWSER_DROPS.has(arg) && !arg.startsWith('--disable-features'),
    ),
    defaultViewport: { width: 1280, height: 900 },
  });
}

/** Where a test's screenshots go (gitignored): `test-artifacts/<suite>/`. */
export function artifactsDir(suite: string): string {
  const dir = join(REPO_ROOT, 'test-artifacts', suite);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Everything the page reported going wrong: script errors, refused loads and connections (CSP, CORS). */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${(error as Error).message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return problems;
}
