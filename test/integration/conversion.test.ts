// Conversion tasks on the local stack over real HTTP: each source, malformed input, cancel, store.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '#core/task';
import { booksScheme, expectedBooks } from '#test/helpers/books';
import { type FileServer, startFileServer } from '#test/helpers/file-server';
import { type FixtureSite, startFixtureSite } from '#test/helpers/fixture-site';
import { useTestRuntime } from '#test/helpers/runtime';
import { download, isFinished, pollTask } from '#test/helpers/tasks';

// Progress (and a cancel) is checked every 200 ms instead of every 2 s.
const stack = useTestRuntime({ env: { DFK_PROGRESS_SECONDS: '0.2' } });
let files: FileServer;
let site: FixtureSite;

beforeAll(async () => {
  files = await startFileServer();
  site = await startFixtureSite({ pages: 2, perPage: 3 });
});

afterAll(async () => {
  await files.close();
  await site.close();
});

type Created = TaskView & { upload?: { url: string; expiresAt: string } };
type StoreLink = { url: string; format: string; size: number; expiresAt: string; md5?: string };

const CSV = '\uFEFFid,name,note\r\n1,"Émile ""E""",a\r\n2,☃,"two\r\nlines"\r\n3,,\r\n';
const RECORDS = [
  { id: '1', name: 'Émile "E"', note: 'a' },
  { id: '2', name: '☃', note: 'two\r\nlines' },
  { id: '3', name: '', note: '' },
];

async function create(scheme: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return stack.api<Created>('POST', '/tasks/create', { type: 'conversion', scheme, ...extra });
}

async function put(url: string, body: string | Uint8Array, contentType?: string) {
  const response = await fetch(url, {
    method: 'PUT',
    body,
    headers: contentType ? { 'content-type': contentType } : {},
  });
  expect(response.status).toBe(200);
}

async function results(id: string, format?: string): Promise<{ link: StoreLink; text: string }> {
  const store = await stack.api<StoreLink>('GET', `/tasks/${id}/store`, undefined, {
    query: format ? { format } : {},
  });
  expect(store.status).toBe(200);
  const file = await download(store.body.url);
  expect(file.status).toBe(200);
  // Whichever step wrote it (Convert, or ExportFormat for another format), the link names its MD5.
  expect(store.body.md5).toBe(createHash('md5').update(file.bytes).digest('hex'));
  return { link: store.body, text: file.text };
}

const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('a conversion of an upload', () => {
  it('hands out a presigned PUT, refuses to run before the file arrives, then converts it', async () => {
    const created = await create({ source: { upload: true }, to: 'json' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      type: 'conversion',
      status: 'initialized',
      requests: 0,
      fileSize: 0,
    });
    expect(created.body.upload?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(created.body.upload?.expiresAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    const expires = Date.parse(`${created.body.upload?.expiresAt}Z`);
    expect(expires - Date.now()).toBeGreaterThan(3500_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(3600_000);

    const early = await stack.api('POST', `/tasks/${created.body.id}/run`);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ error: { code: 'conflict', status: 'initialized' } });
    expect(JSON.stringify(early.body)).toMatch(/upload has not arrived/);

    await put(created.body.upload?.url as string, CSV, 'text/csv');
    const run = await stack.api<TaskView>('POST', `/tasks/${created.body.id}/run`);
    expect(run.status).toBe(200);
    const done = await pollTask(stack.api, created.body.id, isFinished);
    expect(done).toMatchObject({ status: 'completed', requests: 0, error: null });

    const { link, text } = await results(created.body.id);
    expect(link.format).toBe('json');
    expect(JSON.parse(text)).toEqual(RECORDS);
    expect(done.fileSize).toBe(Math.round((link.size / 2 ** 20) * 100) / 100);

    // the same records in the other formats
    expect(lines((await results(created.body.id, 'jsonl')).text)).toEqual(RECORDS);
    const xml = (await results(created.body.id, 'xml')).text;
    expect(xml).toContain('<name>Émile "E"</name>');
    const csv = await results(created.body.id, 'csv');
    expect(csv.link.format).toBe('csv');
    expect(csv.text.split(/\r?\n/)[0]).toBe('id,name,note');
    expect((await results(created.body.id, 'excel')).link.size).toBeGreaterThan(1000);
  });

  it('infers the format from the first bytes when neither name nor type says it', async () => {
    const created = await create({ source: { upload: true }, to: 'csv' });
    await put(created.body.upload?.url as string, JSON.stringify(RECORDS), 'application/octet-stream');
    await stack.api('POST', `/tasks/${created.body.id}/run`);
    expect((await pollTask(stack.api, created.body.id, isFinished)).status).toBe('completed');
    const { text } = await results(created.body.id);
    expect(text.startsWith('id,name,note\n1,"Émile ""E""",a\n')).toBe(true);
  });

  it('gives an empty input its valid empty output', async () => {
    const created = await create({ source: { upload: true }, from: 'csv', to: 'json' });
    await put(created.body.upload?.url as string, '');
    await stack.api('POST', `/tasks/${created.body.id}/run`);
    const done = await pollTask(stack.api, created.body.id, isFinished);
    expect(done.status).toBe('completed');
    expect(JSON.parse((await results(created.body.id)).text)).toEqual([]);
  });

  it('converts a LibreOffice workbook: its sheet by name, formula results and dates as Excel shows them', async () => {
    const workbook = readFileSync(new URL('../fixtures/conversion/excel/libreoffice.xlsx', import.meta.url));
    const created = await create({
      source: { upload: true },
      from: 'excel',
      to: 'jsonl',
      options: { sheet: 'Formulas', inferTypes: true },
    });
    await put(created.body.upload?.url as string, workbook);
    await stack.api('POST', `/tasks/${created.body.id}/run`);
    expect(await pollTask(stack.api, created.body.id, isFinished)).toMatchObject({
      status: 'completed',
      error: null,
    });
    expect(lines((await results(created.body.id)).text)).toEqual([
      {
        zero: 0,
        false: false,
        error: '#DIV/0!',
        date: '2024-03-15',
        text: 'xy',
        number: 6,
        padded: '  both ends  ',
      },
    ]);
  });
});

describe('a conversion of a URL', () => {
  it('fetches the file and infers its format from the name', async () => {
    files.serve('/exports/data.csv', { body: CSV, contentType: 'text/plain' });
    const created = await create(
      { source: { url: `${files.baseUrl}/exports/data.csv` }, to: 'jsonl' },
      { run: true },
    );
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('queued');
    expect((await pollTask(stack.api, created.body.id, isFinished)).status).toBe('completed');
    expect(lines((await results(created.body.id)).text)).toEqual(RECORDS);
  });

  it('ends in error with the HTTP status when the URL has no file', async () => {
    const created = await create(
      { source: { url: `${files.baseUrl}/missing.csv` }, to: 'json' },
      { run: true },
    );
    const done = await pollTask(stack.api, created.body.id, isFinished);
    expect(done.status).toBe('error');
    expect(done.error).toMatch(/answered HTTP 404/);
  });
});

describe('a conversion of an extraction task', () => {
  it("converts the account's extraction results; another account's task is a 404", async () => {
    const extraction = await stack.api<TaskView>('POST', '/tasks/create', {
      scheme: booksScheme(site),
      run: true,
    });
    const early = await create({ source: { taskId: extraction.body.id }, to: 'csv' });
    expect(early.status).toBe(201);
    await pollTask(stack.api, extraction.body.id, isFinished);

    const run = await stack.api('POST', `/tasks/${early.body.id}/run`);
    expect(run.status).toBe(200);
    expect((await pollTask(stack.api, early.body.id, isFinished)).status).toBe('completed');
    const { text } = await results(early.body.id, 'jsonl');
    expect(lines(text)).toEqual(expectedBooks(site, 2));

    const otherKey = await stack.runtime.createApiKey('someone-else');
    const theirs = await stack.api(
      'POST',
      '/tasks/create',
      {
        type: 'conversion',
        scheme: { source: { taskId: extraction.body.id }, to: 'csv' },
      },
      { apiKey: otherKey },
    );
    expect(theirs.status).toBe(404);
  });
});

describe('malformed input', () => {
  // [input format, file name, content, what the error says]; each converted to jsonl (json for jsonl)
  const cases: [string, string, string | Uint8Array, RegExp][] = [
    ['csv', 'bad.csv', 'a,b\n1,2\n3,"open\n4,5\n', /Unterminated quoted field \(opened on line 3\)/],
    ['json', 'bad.json', '[{"a":1},{"a":2},{"a":}]', /Invalid JSON on line 1 \(record 3\): expected a value/],
    ['jsonl', 'bad.jsonl', '{"a":1}\n{"a":2}\nnot json\n', /Line 3 \(record 3\) is not valid JSON/],
    ['xml', 'bad.xml', '<rows>\n<row><a>1</a></row>\n<row><a>2</b></row>\n</rows>', /line 3/],
    ['excel', 'bad.xlsx', 'this is not a zip', /not an xlsx/],
  ];
  it.each(cases)('%s ends the task in error with where and why', async (from, name, body, reason) => {
    files.serve(`/bad/${name}`, { body });
    const created = await create(
      { source: { url: `${files.baseUrl}/bad/${name}` }, to: from === 'jsonl' ? 'json' : 'jsonl' },
      { run: true },
    );
    const done = await pollTask(stack.api, created.body.id, isFinished);
    expect(done.status).toBe('error');
    expect(done.error).toMatch(reason);
    const store = await stack.api('POST', `/tasks/${created.body.id}/store`);
    expect(store.status).toBe(409);
    expect(store.body).toMatchObject({
      error: { code: 'results_not_ready', message: 'The conversion ended without a converted file' },
    });
  });

  it('ends in error on a ragged row when strict', async () => {
    files.serve('/ragged.csv', { body: 'a,b\n1,2\n3\n' });
    const created = await create(
      { source: { url: `${files.baseUrl}/ragged.csv` }, to: 'json', options: { strict: true } },
      { run: true },
    );
    const done = await pollTask(stack.api, created.body.id, isFinished);
    expect(done.error).toBe('Line 3 (record 2) has 1 fields where the header has 2');
  });
});

describe('create refuses what it cannot do, naming the field', () => {
  it.each([
    [
      { source: { upload: true }, from: 'json', to: 'csv', options: { sheet: 'Sheet1' } },
      'scheme.options.sheet',
    ],
    [{ source: { upload: true }, to: 'csv', options: { delimiter: ';' } }, 'scheme.options.delimiter'],
    [
      { source: { url: 'https://example.com/a.xlsx' }, to: 'csv', options: { recordElement: 'row' } },
      'scheme.options.recordElement',
    ],
    [{ source: { upload: true }, from: 'json', to: 'json' }, 'scheme.to'],
    [{ source: { upload: true, url: 'https://example.com/a.csv' }, to: 'json' }, 'scheme.source'],
    [{ source: { upload: true }, to: 'pdf' }, 'scheme.to'],
    [{ source: { upload: true }, to: 'json', options: { encoding: 'klingon' } }, 'scheme.options.encoding'],
    [{ source: { upload: true }, to: 'json', options: { colour: 'red' } }, 'scheme.options.colour'],
  ])('%j → 400 at %s', async (scheme, path) => {
    const response = await create(scheme);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: { code: 'bad_request', details: expect.arrayContaining([expect.objectContaining({ path })]) },
    });
  });

  it('refuses run: true for an upload, which cannot be there yet', async () => {
    const response = await create({ source: { upload: true }, to: 'json' }, { run: true });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { details: [expect.objectContaining({ path: 'run' })] } });
  });
});

describe('cancel', () => {
  it('stops a conversion while it runs and leaves no file', async () => {
    const row = (i: number) => `${i},"name ${i}, with a comma","note ""${i}"" é☃"\n`;
    const big = `id,name,note\n${Array.from({ length: 400_000 }, (_, i) => row(i)).join('')}`;
    const created = await create({ source: { upload: true }, from: 'csv', to: 'excel' });
    await put(created.body.upload?.url as string, big, 'text/csv');
    await stack.api('POST', `/tasks/${created.body.id}/run`);
    await pollTask(stack.api, created.body.id, (task) => task.status === 'running');
    await new Promise((resolve) => setTimeout(resolve, 500));

    const cancelled = await stack.api<TaskView>('POST', `/tasks/${created.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const execution = await stack.runtime.executions.waitFor(created.body.id, 10_000);
    expect(execution.status).toBe('SUCCEEDED');
    const final = await pollTask(stack.api, created.body.id, () => true);
    expect(final).toMatchObject({ status: 'cancelled', fileSize: 0 });
    expect((await stack.api('POST', `/tasks/${created.body.id}/store`)).status).toBe(409);
  });
});
