import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { carryApiError, ExportFailedError } from '#adapters/aws/carried-error';
import { LambdaFormatExporter } from '#adapters/aws/lambda-format-exporter';
import { excelWriter } from '#conversion/excel-writer';
import { type ExportOptions, hasExportOptions } from '#conversion/export-options';
import { ApiError, notFound, resultsNotReady } from '#core/errors';
import type { FormatExporter } from '#core/ports/format-exporter';
import { exportFormat } from '#core/results/export-format';
import { variantId } from '#core/results/variants';
import { storeKeys } from '#core/store-keys';
import type { ResultFormat, StoredResult } from '#core/task';
import { storeLink } from '#core/tasks/store-link';
import { MemoryStore, MemoryTasks, newTask } from './memory-store.ts';

/** The export function in memory: the same use case it runs, over the same repositories. */
class FakeExporter implements FormatExporter {
  readonly calls: { taskId: string; format: ResultFormat; options?: ExportOptions }[] = [];
  private readonly deps: { tasks: MemoryTasks; store: MemoryStore };

  constructor(deps: { tasks: MemoryTasks; store: MemoryStore }) {
    this.deps = deps;
  }
  async export(taskId: string, format: ResultFormat, options?: ExportOptions): Promise<StoredResult> {
    this.calls.push({ taskId, format, ...(options && hasExportOptions(options) ? { options } : {}) });
    return exportFormat(this.deps, { taskId, format, options });
  }
}

async function completedExtraction() {
  const tasks = new MemoryTasks();
  const store = new MemoryStore();
  const task = newTask({
    type: 'extraction',
    status: 'completed',
    format: 'json',
    settled: true,
    records: 2,
  });
  await tasks.create(task);
  await store.putJson(storeKeys.scheme(task.storeID), {
    name: 'n',
    request: { url: 'https://e.x' },
    fields: [{ name: 'a', attrs: ['text'] }],
  });
  const part = `${JSON.stringify({ a_text: 'one' })}\n${JSON.stringify({ a_text: 'two' })}\n`;
  await store.upload(
    `${storeKeys.partsPrefix(task.storeID)}000001.jsonl`,
    Readable.from([part]),
    'text/plain',
  );
  const result = await store.upload(storeKeys.result(task.storeID, 'json'), Readable.from(['[]']), 'json');
  await tasks.saveResult(task.id, 'json', result);
  const exporter = new FakeExporter({ tasks, store });
  return { task, deps: { tasks, store, exporter, linkTtlSeconds: 3600 } };
}

describe('storeLink', () => {
  it('links the file the task made without asking the exporter', async () => {
    // Prepare
    const { task, deps } = await completedExtraction();

    // Act
    const link = await storeLink(deps, task.account, task.id);

    // Assess
    expect(link).toMatchObject({ url: `memory://${storeKeys.result(task.storeID, 'json')}`, format: 'json' });
    expect(deps.exporter.calls).toEqual([]);
  });

  it('asks the exporter for another format once, then links the kept file', async () => {
    // Prepare
    const { task, deps } = await completedExtraction();

    // Act
    const first = await storeLink(deps, task.account, task.id, 'csv');
    const second = await storeLink(deps, task.account, task.id, 'csv');

    // Assess
    expect(deps.exporter.calls).toEqual([{ taskId: task.id, format: 'csv' }]);
    const key = storeKeys.result(task.storeID, 'csv');
    expect(first).toMatchObject({ url: `memory://${key}`, format: 'csv', size: first.size });
    expect(second.size).toBe(first.size);
    expect(deps.store.objects.get(key)?.body.toString()).toBe('a_text\none\ntwo\n');
    const md5 = createHash('md5').update('a_text\none\ntwo\n').digest('hex');
    expect(first).toMatchObject({ md5, md5sum: md5 });
    expect(second).toMatchObject({ md5, md5sum: md5 });
  });

  it('makes a file per distinct set of export options once, and names its options in the answer', async () => {
    // Prepare
    const { task, deps } = await completedExtraction();

    // Act
    const first = await storeLink(deps, task.account, task.id, 'csv', {
      bom: true,
      delimiter: ';',
      xmlRoot: 'x',
    });
    const again = await storeLink(deps, task.account, task.id, 'csv', {
      delimiter: ';',
      bom: true,
      flatten: true,
    });
    const plain = await storeLink(deps, task.account, task.id, 'csv', { xmlRoot: 'ignored' });

    // Assess
    const options = { bom: true, delimiter: ';' };
    expect(deps.exporter.calls).toEqual([
      { taskId: task.id, format: 'csv', options },
      { taskId: task.id, format: 'csv' },
    ]);
    const key = storeKeys.variant(task.storeID, variantId('csv', options), 'csv');
    expect(first).toMatchObject({ url: `memory://${key}`, options });
    expect(again).toMatchObject({ url: `memory://${key}`, options, md5: first.md5 });
    expect(plain).toMatchObject({ url: `memory://${storeKeys.result(task.storeID, 'csv')}`, options: {} });
    const bytes = deps.store.objects.get(key)?.body;
    expect(bytes?.toString('hex')).toBe(Buffer.from('\uFEFFa_text\none\ntwo\n').toString('hex'));
    expect(first.md5).toBe(
      createHash('md5')
        .update(bytes ?? '')
        .digest('hex'),
    );
    expect((await deps.tasks.get(task.id))?.results).not.toHaveProperty(
      'csv',
      expect.objectContaining({ key }),
    );
  });

  it('answers a field the scheme does not have with a 400 that lists the known ones, writing nothing', async () => {
    // Prepare
    const { task, deps } = await completedExtraction();

    // Act
    const result = storeLink(deps, task.account, task.id, 'csv', {
      fields: ['a_text', 'b_text'],
      omit: ['c'],
    });

    // Assess
    await expect(result).rejects.toMatchObject({
      statusCode: 400,
      code: 'bad_request',
      extra: {
        details: [
          { path: 'fields', reason: 'unknown field "b_text"; the known fields are a_text' },
          { path: 'omit', reason: 'unknown field "c"; the known fields are a_text' },
        ],
      },
    });
    expect([...deps.store.objects.keys()].filter((key) => key.includes('/results/'))).toEqual([
      storeKeys.result(task.storeID, 'json'),
    ]);
  });

  it('makes a conversion’s file with export options from its own output, fields checked against its header', async () => {
    // Prepare
    const tasks = new MemoryTasks();
    const store = new MemoryStore();
    const task = newTask({
      type: 'conversion',
      status: 'completed',
      format: 'csv',
      settled: true,
      records: 2,
    });
    await tasks.create(task);
    const made = await store.upload(
      storeKeys.result(task.storeID, 'csv'),
      Readable.from(['name,tags,city\nAda,"a;b",London\nAlan,,Wilmslow\n']),
      'text/csv',
    );
    await tasks.saveResult(task.id, 'csv', made);
    const deps = { tasks, store, exporter: new FakeExporter({ tasks, store }), linkTtlSeconds: 60 };

    // Act
    const xml = await storeLink(deps, task.account, task.id, 'xml', {
      fields: ['city', 'name'],
      xmlRoot: 'people',
      xmlRow: 'person',
    });
    const unknown = storeLink(deps, task.account, task.id, 'json', { omit: ['town'] });

    // Assess
    const key = storeKeys.variant(task.storeID, variantId('xml', xml.options), 'xml');
    expect(xml).toMatchObject({
      url: `memory://${key}`,
      options: { fields: ['city', 'name'], xmlRoot: 'people', xmlRow: 'person' },
    });
    expect(store.objects.get(key)?.body.toString()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<people>\n' +
        '<person><city>London</city><name>Ada</name></person>\n' +
        '<person><city>Wilmslow</city><name>Alan</name></person>\n</people>\n',
    );
    await expect(unknown).rejects.toMatchObject({
      statusCode: 400,
      extra: {
        details: [{ path: 'omit', reason: 'unknown field "town"; the known fields are name, tags, city' }],
      },
    });
  });

  it('reads every sheet of a converted workbook that went on past Excel’s last row', async () => {
    // Prepare: the task's xlsx, two records a sheet standing for Excel's 1,048,575.
    const tasks = new MemoryTasks();
    const store = new MemoryStore();
    const task = newTask({
      type: 'conversion',
      status: 'completed',
      format: 'excel',
      settled: true,
      records: 5,
    });
    await tasks.create(task);
    const records = ['a', 'b', 'c', 'd', 'e'].map((name) => new Map([['name', name]]));
    const workbook = Readable.from(excelWriter(3)(records, ['name']));
    await tasks.saveResult(
      task.id,
      'excel',
      await store.upload(storeKeys.result(task.storeID, 'excel'), workbook, 'xlsx'),
    );
    const deps = { tasks, store, exporter: new FakeExporter({ tasks, store }), linkTtlSeconds: 60 };

    // Act
    const link = await storeLink(deps, task.account, task.id, 'csv');

    // Assess
    expect(store.objects.get(link.url.replace('memory://', ''))?.body.toString()).toBe(
      'name\na\nb\nc\nd\ne\n',
    );
  });

  it('answers the exporter’s typed error as it is', async () => {
    // Prepare
    const { task, deps } = await completedExtraction();
    const refusing = { export: async () => Promise.reject(resultsNotReady('not yet', 'completed', 2)) };

    // Act
    const result = storeLink({ ...deps, exporter: refusing }, task.account, task.id, 'xml');

    // Assess
    await expect(result).rejects.toMatchObject({ statusCode: 409, code: 'results_not_ready' });
  });

  it('asks nothing of the exporter for another account’s task', async () => {
    // Prepare
    const { task, deps } = await completedExtraction();

    // Act
    const result = storeLink(deps, 'someone-else', task.id, 'csv');

    // Assess
    await expect(result).rejects.toMatchObject({ statusCode: 404 });
    expect(deps.exporter.calls).toEqual([]);
  });
});

describe('LambdaFormatExporter', () => {
  const respond = (response: { Payload?: string; FunctionError?: string }) => {
    const sent: unknown[] = [];
    const client = {
      send: async (command: { input: unknown }) => {
        sent.push(command.input);
        return {
          StatusCode: 200,
          FunctionError: response.FunctionError,
          Payload: response.Payload === undefined ? undefined : new TextEncoder().encode(response.Payload),
        };
      },
    } as unknown as LambdaClient;
    return { sent, exporter: new LambdaFormatExporter(client, 'ExportFormat-fn') };
  };
  const functionError = (error: unknown) => {
    const thrown = carryApiError(error) as Error;
    return JSON.stringify({ errorType: thrown.name, errorMessage: thrown.message, trace: [] });
  };

  it('invokes the function synchronously with {taskId, format} and returns {key, size, md5}', async () => {
    // Prepare
    const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
    const { sent, exporter } = respond({ Payload: JSON.stringify({ key: 'k', size: 3, md5 }) });

    // Act
    const result = await exporter.export('t1', 'csv');

    // Assess
    expect(result).toEqual({ key: 'k', size: 3, md5 });
    expect(sent).toEqual([
      {
        FunctionName: 'ExportFormat-fn',
        InvocationType: 'RequestResponse',
        Payload: JSON.stringify({ taskId: 't1', format: 'csv' }),
      },
    ]);
  });

  it('passes the export options in the event', async () => {
    // Prepare
    const { sent, exporter } = respond({ Payload: JSON.stringify({ key: 'k', size: 3 }) });

    // Act
    await exporter.export('t1', 'csv', { fields: ['a'], bom: true });

    // Assess
    expect(sent).toMatchObject([
      { Payload: JSON.stringify({ taskId: 't1', format: 'csv', options: { fields: ['a'], bom: true } }) },
    ]);
  });

  it.each([
    [
      'a 409 with its status and Retry-After',
      resultsNotReady('The converted file is not there yet', 'completed', 2),
    ],
    ['a 404', notFound()],
  ])('rethrows %s carried in the payload as the same ApiError', async (_, error) => {
    // Prepare
    const { exporter } = respond({ FunctionError: 'Unhandled', Payload: functionError(error) });

    // Act
    const thrown = await exporter.export('t1', 'csv').catch((e: unknown) => e);

    // Assess
    expect(thrown).toBeInstanceOf(ApiError);
    expect(thrown).toMatchObject({
      statusCode: error.statusCode,
      code: error.code,
      message: error.message,
      extra: error.extra,
      headers: error.headers,
    });
  });

  it.each([
    ['a crash', JSON.stringify({ errorType: 'TypeError', errorMessage: 'x is undefined', trace: [] })],
    [
      'a timeout',
      JSON.stringify({ errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out', trace: [] }),
    ],
    ['a carried 5xx', functionError(new ApiError(500, 'internal', 'no'))],
    [
      'an ApiError name with a message that is not ours',
      JSON.stringify({ errorType: 'ApiError', errorMessage: 'x' }),
    ],
    ['a payload that is not JSON', 'oops'],
  ])('turns %s into an ExportFailedError (a 500)', async (_, payload) => {
    // Prepare
    const { exporter } = respond({ FunctionError: 'Unhandled', Payload: payload });

    // Act
    const thrown = await exporter.export('t1', 'csv').catch((e: unknown) => e);

    // Assess
    expect(thrown).toBeInstanceOf(ExportFailedError);
    expect(thrown).not.toBeInstanceOf(ApiError);
  });

  it('refuses a result that is not {key, size}', async () => {
    // Prepare
    const { exporter } = respond({ Payload: 'null' });

    // Act, Assess
    await expect(exporter.export('t1', 'csv')).rejects.toBeInstanceOf(ExportFailedError);
  });
});
