import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems, launchBrowser } from '../../helpers/browser.ts';

// The check the console's browser test runs on every state: it must find what it looks for.
describe('accessibilityProblems', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('finds unlabelled controls, nameless buttons and text under 4.5:1, and passes a clean page', async () => {
    const page = await browser.newPage();
    await page.setContent(`
      <p style="color:#999">faint text</p>
      <div style="background:#0b57d0"><span style="color:#14213d">dark on blue</span></div>
      <input id="loose">
      <button></button>
      <label for="kept">Kept</label><input id="kept">
      <p>plain text</p>`);

    expect(await accessibilityProblems(page)).toEqual([
      'no label: <input id="loose">',
      'no name: <button></button>',
      'contrast 2.85:1: faint text',
      expect.stringMatching(/^contrast [1-3]\.\d\d:1: dark on blue$/),
    ]);

    await page.setContent('<label for="a">A</label><input id="a"><button>Go</button><p>text</p>');
    expect(await accessibilityProblems(page)).toEqual([]);
  });
});
