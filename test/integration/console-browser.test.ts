// The console in a real browser (headless Chromium, web security on) against the local stack:
// the key, the tasks, a crawl watched to its end, the preview, a rejected scheme, an upload
// converted, a cancel. Screenshots of each state go to test-artifacts/console/.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '#core/task';
import { booksScheme, expectedBooks } from '#test/helpers/books';
import { accessibilityProblems, artifactsDir, launchBrowser, watchProblems } from '#test/helpers/browser';
import { type FixtureSite, startFixtureSite } from '#test/helpers/fixture-site';
import { useTestRuntime } from '#test/helpers/runtime';
import { pollTask } from '#test/helpers/tasks';
import { startWebhookReceiver } from '#test/helpers/webhook-receiver';

// The page's globals, as the functions evaluated in it use them (the test project has no DOM types).
declare const document: { querySelector(selector: string): { textContent: string | null } | null };
declare const location: { hash: string };

const stack = useTestRuntime({ env: { DFK_PROGRESS_SECONDS: '0.2' } });
const shots = artifactsDir('console');
const PAGES = 4;

let browser: Browser;
let page: Page;
let problems: string[];
let site: FixtureSite;
let release: () => void;
let heldSite: FixtureSite;

beforeAll(async () => {
  [browser, site, heldSite] = await Promise.all([
    launchBrowser(),
    startFixtureSite({ pages: PAGES, perPage: 5, delayMs: 400 }),
    startFixtureSite({ pages: 3, perPage: 2, hold: new Promise<void>((resolve) => (release = resolve)) }),
  ]);
  page = await browser.newPage();
  problems = watchProblems(page);
});

afterAll(async () => {
  release?.();
  await browser?.close();
  await Promise.all([site?.close(), heldSite?.close()]);
});

const consoleUrl = () => `${stack.runtime.endpoints.api}/console`;
/** A screenshot of the state the page is in, which must be accessible as far as a script can tell. */
async function shot(name: string) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  expect(await accessibilityProblems(page), name).toEqual([]);
}
const textOf = (selector: string) => page.$eval(selector, (element) => element.textContent?.trim() ?? '');
const waitForText = (selector: string, text: string, timeout = 30_000) =>
  page.waitForFunction(
    (s: string, t: string) => document.querySelector(s)?.textContent?.includes(t) ?? false,
    { timeout },
    selector,
    text,
  );
/** The cells of a table's body, row by row. */
const cellsOf = (selector: string) =>
  page.$$eval(`${selector} tbody tr`, (rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')),
  );
const headersOf = (selector: string) =>
  page.$$eval(`${selector} thead th`, (cells) => cells.map((cell) => cell.textContent ?? ''));
/** Problems other than the API's own refusals, which the page handles (400, 401, and 409 while a cancelled task exports). */
const unexpected = () =>
  problems.filter((p) => !/the server responded with a status of (400|401|409)/.test(p));

describe('the console in a browser', () => {
  it('shows the API’s message for a wrong key, then the tasks for the right one, and keeps the key out of the URL', async () => {
    const { body: task } = await stack.api<TaskView>('POST', '/tasks/create', {
      type: 'extraction',
      scheme: booksScheme(site, { name: 'listed books' }),
    });
    await page.goto(consoleUrl());
    await page.waitForSelector('#api-key');
    await shot('1-key');

    await page.type('#api-key', 'dfk_wrong');
    await page.click('button[type=submit]');
    await page.waitForSelector('#key-error');
    expect(await textOf('#key-error')).toBe('Invalid API key');
    await shot('2-wrong-key');

    await page.$eval('#api-key', (input) => {
      (input as unknown as { value: string }).value = '';
    });
    // By keyboard alone: the field has the focus after the error, Enter submits.
    await page.focus('#api-key');
    await page.keyboard.type(stack.runtime.apiKey);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`tr[data-task="${task.id}"]`);
    await waitForText(`tr[data-task="${task.id}"]`, 'listed books');
    await shot('3-tasks');

    expect(await headersOf('table.tasks')).toEqual([
      'Id',
      'Type',
      'Name',
      'Status',
      'Requests',
      'Records',
      'Failed',
      'Elapsed',
      'Created',
    ]);
    const [row] = await cellsOf(`table.tasks`);
    expect(row?.slice(0, 7)).toEqual([task.id, 'extraction', 'listed books', 'initialized', '0', '0', '0']);
    expect(page.url()).not.toContain(stack.runtime.apiKey);
    expect(await page.evaluate(() => globalThis.sessionStorage.getItem('dfk-console-key'))).toBe(
      stack.runtime.apiKey,
    );
    expect(await page.content()).not.toContain(stack.runtime.apiKey);
  });

  let crawled: TaskView;

  it('watches a crawl’s progress live until completed, with its pages fetched over time', async () => {
    const { body: task } = await stack.api<TaskView>('POST', '/tasks/create', {
      type: 'extraction',
      scheme: booksScheme(site, { name: 'watched books' }),
    });
    await page.goto(`${consoleUrl()}#/tasks/${task.id}`);
    await waitForText('[data-progress]', 'initialized');
    await page.click('.actions button:first-child'); // Run
    await waitForText('[data-progress]', 'running');
    await page.waitForFunction(
      () => /[1-9]\d* pages? fetched/.test(document.querySelector('[data-progress]')?.textContent ?? ''),
      { timeout: 30_000 },
    );
    await shot('4-running');
    const running = await textOf('[data-progress]');

    await waitForText('[data-progress]', 'completed');
    await page.waitForSelector('table.preview');
    await shot('5-completed');

    crawled = await pollTask(stack.api, task.id, (t) => t.status === 'completed');
    expect(running).toMatch(/^running · [1-9]\d* pages? fetched · 0 failed · \d+ records · elapsed \d+ s$/);
    expect(await textOf('[data-progress]')).toBe(
      `completed · ${PAGES} pages fetched · 0 failed · ${PAGES * 5} records · elapsed ${crawled.elapsed} s`,
    );
    const label = await page.$eval('.sparkline svg', (svg) => svg.getAttribute('aria-label') ?? '');
    expect(label).toMatch(
      new RegExp(`^Pages fetched: ${PAGES} after \\d+ s of watching \\((\\d+) samples\\)$`),
    );
    const points = await page.$eval('.sparkline polyline', (line) => line.getAttribute('points') ?? '');
    expect(points.split(' ').length).toBeGreaterThan(2);
  });

  it('previews the exact records in the scheme’s column order, and links to each format', async () => {
    expect(await headersOf('table.preview')).toEqual([
      'Title_text',
      'Title_href',
      'Price_text',
      'Cover_src',
      'Cover_alt',
    ]);
    expect(await cellsOf('table.preview')).toEqual(
      expectedBooks(site, PAGES).map((book) => [
        book.Title_text,
        book.Title_href,
        book.Price_text,
        book.Cover_src,
        book.Cover_alt,
      ]),
    );

    await page.click('.downloads li:first-child button'); // csv
    await page.waitForSelector('.downloads a');
    const href = await page.$eval('.downloads a', (a) => (a as unknown as { href: string }).href);
    const csv = await (await fetch(href)).text();
    expect(csv.split('\n')[0]?.replace(/^\uFEFF/, '')).toBe(
      'Title_text,Title_href,Price_text,Cover_src,Cover_alt',
    );
    expect(crawled.records).toBe(PAGES * 5);
  });

  it('shows each of the API’s findings on a bad scheme beside the field it names', async () => {
    const body = {
      type: 'extraction',
      scheme: {
        name: 'broken',
        request: { url: 'not a url', type: 'base' },
        fields: [{ name: 'Title', selector: 'h3 a', type: 7, attrs: ['text'] }],
      },
    };
    const { status, body: refusal } = await stack.api<{
      error: { details: { path: string; reason: string }[] };
    }>('POST', '/tasks/create', body);
    expect(status).toBe(400);
    const details = refusal.error.details;
    expect(details.length).toBeGreaterThan(1);

    await page.goto(`${consoleUrl()}#/create`);
    await page.waitForSelector('#body');
    await page.$eval(
      '#body',
      (area, text) => {
        const textarea = area as unknown as { value: string; dispatchEvent(event: Event): void };
        textarea.value = text;
        textarea.dispatchEvent(new Event('input', { bubbles: true }));
      },
      JSON.stringify(body, null, 2),
    );
    await page.click('form.create button[type=submit]');
    await page.waitForSelector('.annotated .issue');
    await shot('6-bad-scheme');

    const shown = await page.$$eval('.annotated .issue', (issues) =>
      issues.map((issue) => ({
        path: issue.getAttribute('data-issue') ?? '',
        line: issue.closest('.line')?.getAttribute('data-path') ?? '',
        text: issue.textContent ?? '',
      })),
    );
    expect(shown.map(({ path, text }) => ({ path, text }))).toEqual(
      expect.arrayContaining(details.map((d) => ({ path: d.path, text: `${d.path}: ${d.reason}` }))),
    );
    expect(shown).toHaveLength(details.length);
    // Each finding sits on the line of its field (or of the nearest enclosing one the body has).
    for (const { path, line } of shown) expect(path === line || path.startsWith(`${line}.`), path).toBe(true);
    expect(shown.map((s) => s.line)).toEqual(
      expect.arrayContaining(['scheme.request.url', 'scheme.fields.0.type']),
    );
  });

  it('uploads a CSV from the browser (the presigned PUT), converts it and shows the result', async () => {
    const csv =
      'city,country,population\nParis,France,2102650\nKyoto,Japan,1463723\nLagos,Nigeria,15388000\n';
    const file = join(shots, 'cities.csv');
    writeFileSync(file, csv);

    await page.goto(`${consoleUrl()}#/convert`);
    const input = await page.waitForSelector('#file');
    await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(file);
    await page.select('#to', 'xml');
    await page.click('form.convert button[type=submit]');
    await page.waitForFunction(() => location.hash.startsWith('#/tasks/'), { timeout: 30_000 });
    await waitForText('[data-progress]', 'completed');
    await page.waitForSelector('table.preview');
    await shot('7-converted');

    const id = decodeURIComponent(await page.evaluate(() => location.hash.slice('#/tasks/'.length)));
    const task = await pollTask(stack.api, id, (t) => t.status === 'completed');
    expect(task).toMatchObject({ type: 'conversion', records: 3 });
    const { body: scheme } = await stack.api('GET', `/tasks/${id}/scheme`);
    expect(scheme).toMatchObject({ source: { upload: true }, from: 'csv', to: 'xml' });
    expect(await headersOf('table.preview')).toEqual(['city', 'country', 'population']);
    const cells = await cellsOf('table.preview');
    expect(cells.map((row) => row.slice(0, 2))).toEqual([
      ['Paris', 'France'],
      ['Kyoto', 'Japan'],
      ['Lagos', 'Nigeria'],
    ]);
    expect(cells.map((row) => Number(row[2]))).toEqual([2102650, 1463723, 15388000]);
  });

  it('cancels a running task, and the tasks table follows it live', async () => {
    const { body: task } = await stack.api<TaskView>('POST', '/tasks/create', {
      type: 'extraction',
      scheme: booksScheme(heldSite, { name: 'held books' }),
      run: true,
    });
    await pollTask(stack.api, task.id, (t) => t.status === 'running');
    await page.goto(`${consoleUrl()}#/tasks`);
    await waitForText(`tr[data-task="${task.id}"]`, 'running');
    await shot('8-list-running');

    await page.goto(`${consoleUrl()}#/tasks/${task.id}`);
    await waitForText('[data-progress]', 'running');
    await page.click('.actions button:nth-child(2)'); // Cancel
    await waitForText('.task .heading .status', 'cancelled');
    await shot('9-cancelled');
    expect((await stack.api<TaskView>('GET', `/tasks/${task.id}`)).body.status).toBe('cancelled');

    // Another running task, cancelled behind the list's back: its row changes without a reload.
    const { body: other } = await stack.api<TaskView>('POST', '/tasks/create', {
      type: 'extraction',
      scheme: booksScheme(heldSite, { name: 'held again' }),
      run: true,
    });
    await pollTask(stack.api, other.id, (t) => t.status === 'running');
    await page.goto(`${consoleUrl()}#/tasks`);
    await waitForText(`tr[data-task="${other.id}"]`, 'running');
    await stack.api('POST', `/tasks/${other.id}/cancel`);
    await waitForText(`tr[data-task="${other.id}"]`, 'cancelled');
    await shot('10-list-followed');
  });

  it('previews what a crawl cancelled midway had extracted', async () => {
    const slow = await startFixtureSite({ pages: 40, perPage: 2, delayMs: 250 });
    try {
      const { body: task } = await stack.api<TaskView>('POST', '/tasks/create', {
        type: 'extraction',
        scheme: booksScheme(slow, {
          name: 'cut short',
          paginator: { nextPageSelector: 'li.next a', pageNum: 40 },
        }),
        run: true,
      });
      await pollTask(stack.api, task.id, (t) => t.records > 0);
      await page.goto(`${consoleUrl()}#/tasks/${task.id}`);
      await waitForText('[data-progress]', 'running');
      await page.click('.actions button:nth-child(2)'); // Cancel
      await waitForText('.task .heading .status', 'cancelled');
      await page.waitForSelector('table.preview');

      const cancelled = await pollTask(stack.api, task.id, (t) => t.status === 'cancelled');
      // The counts shown are the final ones, set by the export that ran after the cancel.
      await waitForText('[data-progress]', ` · ${cancelled.records} records`);
      expect(await textOf('[data-progress]')).toMatch(
        new RegExp(
          `^cancelled · ${cancelled.requests} pages? fetched · 0 failed · ${cancelled.records} records`,
        ),
      );
      await shot('10b-cancelled-partial');
      const rows = await cellsOf('table.preview');
      expect(rows.length).toBe(cancelled.records);
      expect(rows.length).toBeLessThan(80);
      expect(rows).toEqual(
        expectedBooks(slow, 40)
          .slice(0, rows.length)
          .map((b) => [b.Title_text, b.Title_href, b.Price_text, b.Cover_src, b.Cover_alt]),
      );
    } finally {
      await slow.close();
    }
  });

  it('deletes a task only once the dialog is confirmed', async () => {
    const { body: task } = await stack.api<TaskView>('POST', '/tasks/create', {
      type: 'extraction',
      scheme: booksScheme(site, { name: 'doomed books' }),
    });
    await page.goto(`${consoleUrl()}#/tasks/${task.id}`);
    await waitForText('[data-progress]', 'initialized');

    await page.click('.actions button.danger'); // Delete…
    await page.waitForSelector('dialog[open]');
    await shot('11-delete-dialog');
    await page.click('dialog[open] button:not(.danger)'); // Keep it
    await page.waitForSelector('dialog:not([open])');
    expect((await stack.api('GET', `/tasks/${task.id}`)).status).toBe(200);

    await page.click('.actions button.danger');
    await page.waitForSelector('dialog[open]');
    await page.click('dialog[open] button.danger'); // Delete the task
    await page.waitForFunction(() => location.hash === '#/tasks', { timeout: 10_000 });
    expect((await stack.api('GET', `/tasks/${task.id}`)).status).toBe(404);
  });

  it('lists the webhook endpoints and an endpoint’s delivery log: attempts, statuses, next retry', async () => {
    const receiver = await startWebhookReceiver();
    try {
      receiver.on('/hook', (_request, n) => ({ status: n === 0 ? 503 : 204 }));
      const { body: endpoint } = await stack.api<{ id: string }>('POST', '/webhooks', {
        url: receiver.url('/hook'),
        events: ['task.cancelled'],
      });
      const { body: task } = await stack.api<TaskView>('POST', '/tasks/create', {
        type: 'extraction',
        scheme: booksScheme(site, { name: 'announced books' }),
      });
      await stack.api('POST', `/tasks/${task.id}/cancel`);
      await receiver.waitFor('/hook', (requests) => requests.some((r) => r.status === 204));
      // The log records the answer just after the receiver gave it.
      for (let log: unknown[] = []; log.length < 2; await sleep(100)) {
        log = (await stack.api<unknown[]>('GET', `/webhooks/${endpoint.id}/deliveries`)).body;
      }

      await page.goto(`${consoleUrl()}#/webhooks`);
      await page.waitForSelector(`a[href="#/webhooks/${endpoint.id}"]`);
      await page.click(`a[href="#/webhooks/${endpoint.id}"]`);
      await page.waitForSelector('section[aria-labelledby="deliveries-title"] tbody tr:nth-child(2)');
      await shot('12-deliveries');

      const rows = await cellsOf('section[aria-labelledby="deliveries-title"] table');
      expect(rows.map((row) => row.slice(1, 6))).toEqual([
        ['task.cancelled', task.id, '2', '204', 'succeeded'],
        ['task.cancelled', task.id, '1', '503', 'retrying'],
      ]);
      expect(rows[0]?.[6]).toBe('—');
      expect(rows[1]?.[6]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
      const listed = await cellsOf('section[aria-labelledby="webhooks-title"] > .table-wrap table');
      expect(listed[0]?.slice(0, 3)).toEqual([receiver.url('/hook'), 'task.cancelled', 'enabled']);
    } finally {
      await receiver.close();
    }
  });

  it('pages through the tasks by the listing’s cursors, and filters them by status', async () => {
    for (let i = 0; i < 16; i++)
      await stack.api('POST', '/tasks/create', {
        type: 'extraction',
        scheme: booksScheme(site, { name: `paged ${i}` }),
      });
    const all = (await stack.api<TaskView[]>('GET', '/tasks', undefined, { query: { order: 'desc' } })).body;
    expect(all.length).toBeGreaterThan(20);
    const idsShown = async () => (await cellsOf('table.tasks')).map((row) => row[0]);

    await page.goto(`${consoleUrl()}#/tasks`);
    await page.waitForSelector('table.tasks tbody tr');
    expect(await idsShown()).toEqual(all.slice(0, 20).map((t) => t.id));
    await page.click('.pager button:last-of-type'); // Next page
    await page.waitForFunction(
      (first: string) => document.querySelector('table.tasks tbody tr td')?.textContent === first,
      {},
      all[20]?.id ?? '',
    );
    await shot('13-second-page');
    expect(await textOf('.pager span')).toBe('Page 2');
    expect(await idsShown()).toEqual(all.slice(20, 40).map((t) => t.id));
    await page.click('.pager button:first-of-type'); // Previous page
    await page.waitForFunction(
      (first: string) => document.querySelector('table.tasks tbody tr td')?.textContent === first,
      {},
      all[0]?.id ?? '',
    );

    await page.select('#status-filter', 'completed');
    await page.waitForFunction(
      () => document.querySelector('table.tasks tbody')?.textContent?.includes('initialized') === false,
    );
    const completed = all.filter((t) => t.status === 'completed').map((t) => t.id);
    expect(completed.length).toBeGreaterThan(0);
    expect(await idsShown()).toEqual(completed);
  });

  it('goes back to the key form with the API’s message when the kept key stops working', async () => {
    await page.evaluate(() => globalThis.sessionStorage.setItem('dfk-console-key', 'dfk_revoked'));
    await page.goto(`${consoleUrl()}#/tasks`);
    await page.reload();
    await page.waitForSelector('#key-error');

    expect(await textOf('#key-error')).toBe('Invalid API key');
    expect(await page.evaluate(() => globalThis.sessionStorage.getItem('dfk-console-key'))).toBeNull();
    expect(unexpected()).toEqual([]);
  });
});
