import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { carryApiError, ExportFailedError } from '#adapters/aws/carried-error';
import { LambdaFormatExporter } from '#adapters/aws/lambda-format-exporter';
import { ApiError, notFound, resultsNotReady } from '#core/errors';
import type { FormatExporter } from '#core/ports/format-exporter';
import { exportFormat } from '#core/results/export-format';
import { storeKeys } from '#core/store-keys';
import type { ResultFormat, StoredResult } from '#core/task';
import { storeLink } from '#core/tasks/store-link';
import { MemoryStore, MemoryTasks, newTask } from './memory-store.ts';

/** The export function in memory: the same use case it runs, over the same repositories. */
class FakeExporter implements FormatExporter {
  readonly calls: { taskId: string; format: ResultFormat }[] = [];
  private readonly deps: { tasks: MemoryTasks; store: MemoryStore };

  constructor(deps: { tasks: MemoryTasks; store: MemoryStore }) {
    this.deps = deps;
  }
  async export(taskId: string, format: ResultFormat): Promise<StoredResult> {
    this.calls.push({ taskId, format });
    return exportFormat(this.deps, { taskId, format });
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
