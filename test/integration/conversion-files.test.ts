// Files as real tools write them, converted by the local stack end to end (issue 13): a URL
// source's charset, CR-only CSV with integer-like columns and an extra field, JSON numbers, XML
// in ISO-8859-1 with a DTD entity, and input nested too deep.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '#core/task';
import { type FileServer, startFileServer } from '#test/helpers/file-server';
import { useTestRuntime } from '#test/helpers/runtime';
import { download, isFinished, pollTask } from '#test/helpers/tasks';
import { python, pythonCsv } from '../unit/conversion/tools.ts';

const stack = useTestRuntime({ env: { DFK_PROGRESS_SECONDS: '0.2' } });
let files: FileServer;

beforeAll(async () => {
  files = await startFileServer();
});

afterAll(async () => {
  await files.close();
});

/** Converts the file served at `path` and gives the finished task and its file in `format`. */
async function convertUrl(path: string, scheme: Record<string, unknown>, format?: string) {
  const created = await stack.api<TaskView>('POST', '/tasks/create', {
    type: 'conversion',
    scheme: { source: { url: `${files.baseUrl}${path}` }, ...scheme },
    run: true,
  });
  expect(created.status).toBe(201);
  const done = await pollTask(stack.api, created.body.id, isFinished);
  if (done.status !== 'completed') return { done, text: '' };
  const store = await stack.api<{ url: string }>('GET', `/tasks/${created.body.id}/store`, undefined, {
    query: format ? { format } : {},
  });
  return { done, text: (await download(store.body.url)).text };
}

describe('files as real tools write them', () => {
  it('reads a CR-only windows-1252 CSV from Python’s csv module by its Content-Type, every column kept in order', async () => {
    const [file] = pythonCsv(
      [
        ['country', '2024', '2023'],
        ['Perú', '1,5', '2', '€ extra'],
        ['Zürich', '3', '4'],
      ],
      ["{'lineterminator': '\\r', 'quoting': csv.QUOTE_ALL}"],
    );
    const cp1252 = python(
      'import sys; sys.stdout.buffer.write(sys.stdin.buffer.read().decode().encode("cp1252"))',
      file,
    );
    files.serve('/mac.csv', { body: cp1252, contentType: 'text/csv; charset=windows-1252' });

    const { done, text } = await convertUrl('/mac.csv', { to: 'json' });
    expect(done.status).toBe('completed');
    expect(text).toBe(
      '[\n{"country":"Perú","2024":"1,5","2023":"2","_extra1":"€ extra"},\n{"country":"Zürich","2024":"3","2023":"4"}\n]\n',
    );
    const { text: csv } = await convertUrl('/mac.csv', { to: 'csv' });
    expect(csv).toBe('country,2024,2023,_extra1\nPerú,"1,5",2,€ extra\nZürich,3,4,\n');
  });

  it('keeps every digit of JSON numbers, in JSON and in CSV', async () => {
    files.serve('/numbers.json', {
      body: '[{"id":12345678901234567890,"x":0.1234567890123456789,"big":1E400}]',
    });
    const { text } = await convertUrl('/numbers.json', { to: 'jsonl' });
    expect(text).toBe('{"id":12345678901234567890,"x":0.1234567890123456789,"big":1E400}\n');
    const { text: csv } = await convertUrl('/numbers.json', { to: 'csv' });
    expect(csv).toBe('id,x,big\n12345678901234567890,0.1234567890123456789,1E400\n');
  });

  it('follows an XML declaration’s ISO-8859-1 and expands its DTD’s entities', async () => {
    const xml =
      '<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE r [<!ENTITY co "Société Acme">]>\n<r><entrée><maker>&co;</maker><city>Zürich</city></entrée></r>\n';
    files.serve('/latin1.xml', { body: Buffer.from(xml, 'latin1'), contentType: 'application/xml' });
    const { text } = await convertUrl('/latin1.xml', { to: 'jsonl', options: { recordElement: 'entrée' } });
    expect(text).toBe('{"maker":"Société Acme","city":"Zürich"}\n');
  });

  it('ends input nested 20,000 levels deep in error naming the limit, not an internal error', async () => {
    files.serve('/deep.json', { body: `[${'['.repeat(20_000)}${']'.repeat(20_000)}]` });
    const { done } = await convertUrl('/deep.json', { to: 'csv' });
    expect(done).toMatchObject({
      status: 'error',
      error: 'Record 1 (line 1) is nested more than 1000 levels deep, the most this service converts',
    });
  });
});
