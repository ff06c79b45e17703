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

// Run in the page as a string: the test project has no DOM types. WCAG 2's relative luminance and
// contrast ratio; a transparent background is the nearest ancestor's (white at the top).
const ACCESSIBILITY_CHECK = `(() => {
  const problems = [];
  const parse = (color) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(color);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[\\s,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const background = (element) => {
    for (let e = element; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const dialog = document.querySelector('dialog[open]');
  const shown = (e) => e.getClientRects().length > 0 && (!dialog || dialog.contains(e));
  for (const control of document.querySelectorAll('input, select, textarea')) {
    if (!shown(control)) continue;
    if (control.labels.length === 0 && !control.getAttribute('aria-label') && !control.getAttribute('aria-labelledby'))
      problems.push('no label: ' + control.outerHTML.slice(0, 80));
  }
  for (const named of document.querySelectorAll('button, a[href]')) {
    if (shown(named) && !named.textContent.trim() && !named.getAttribute('aria-label'))
      problems.push('no name: ' + named.outerHTML.slice(0, 80));
  }
  for (const element of document.querySelectorAll('body *')) {
    const text = [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
    if (!text || !shown(element)) continue;
    const fg = parse(getComputedStyle(element).color);
    if (!fg) continue;
    const [light, dark] = [luminance(fg), luminance(background(element))].sort((x, y) => y - x);
    const ratio = (light + 0.05) / (dark + 0.05);
    if (ratio < 4.5) problems.push('contrast ' + ratio.toFixed(2) + ':1: ' + element.textContent.trim().slice(0, 40));
  }
  return problems;
})()`;

/**
 * What keeps the page from being usable by everyone, as far as a script can tell: a form control
 * without a label, a button or link without a name, text under 4.5:1 contrast (WCAG AA).
 */
export function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(ACCESSIBILITY_CHECK) as Promise<string[]>;
}
