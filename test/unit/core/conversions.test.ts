import { describe, expect, it } from 'vitest';
import { conversionSchemeSchema } from '#conversion/scheme';
import { prepareConversion } from '#core/conversions/prepare';
import { assertConversionReady } from '#core/conversions/ready';
import { ApiError, TaskFailedError } from '#core/errors';
import { convertTask, megabytes } from '#core/lifecycle/convert';
import { storeKeys } from '#core/store-keys';
import type { Download } from '#extraction/http-client';
import { recordingLog } from '#test/helpers/log';
import { MemoryStore, MemoryTasks, newTask } from './memory-store.ts';

const noDownload: Download = async () => {
  throw new Error('no network in this test');
};

async function setUp(scheme: Record<string, unknown>, upload?: string, task = newTask()) {
  const deps = {
    tasks: new MemoryTasks(),
    store: new MemoryStore(),
    download: noDownload,
    progressSeconds: 2,
    maxSourceBytes: 5 * 1024 ** 3,
    log: recordingLog(),
  };
  await deps.tasks.create(task);
  await deps.store.putJson(storeKeys.scheme(task.storeID), scheme);
  if (upload !== undefined) {
    await deps.store.upload(
      storeKeys.upload(task.storeID),
      (await import('node:stream')).Readable.from([upload]),
      'application/octet-stream',
    );
  }
  return { deps, task };
}

describe('convertTask', () => {
  it('converts the upload, saves the file with fileSize in MB and the record count', async () => {
    // Prepare
    const { deps, task } = await setUp({ source: { upload: true }, to: 'json' }, 'a,b\n1,2\n3,4\n');

    // Act
    const state = await convertTask(deps, { taskId: task.id });

    // Assess
    expect(state).toEqual({ taskId: task.id, storeID: task.storeID });
    const saved = await deps.tasks.get(task.id);
    expect(saved?.records).toBe(2);
    expect(saved?.results.json?.size).toBeGreaterThan(0);
    expect(saved?.fileSize).toBe(megabytes(saved?.results.json?.size ?? 0));
    const file = deps.store.objects.get(storeKeys.result(task.storeID, 'json'));
    expect(JSON.parse(file?.body.toString() ?? '')).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '4' },
    ]);
  });

  it('fails the task with the line and reason of malformed input', async () => {
    const { deps, task } = await setUp({ source: { upload: true }, from: 'csv', to: 'json' }, 'a\n"open\n');
    await expect(convertTask(deps, { taskId: task.id })).rejects.toThrow(
      new TaskFailedError('Unterminated quoted field (opened on line 2)'),
    );
  });

  it('fails the task when the inferred input format does not take an option', async () => {
    const { deps, task } = await setUp(
      { source: { upload: true }, to: 'csv', options: { sheet: 'A' } },
      '[{"a":1}]',
    );
    await expect(convertTask(deps, { taskId: task.id })).rejects.toThrow(
      /The input is json: sheet applies to excel/,
    );
  });

  it('stops without a file when the task is cancelled while it converts', async () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `${i},x\n`).join('');
    const { deps, task } = await setUp({ source: { upload: true }, from: 'csv', to: 'xml' }, `a,b\n${rows}`);
    // cancelled as the conversion starts: the first checkpoint finds it so
    const original = deps.tasks.recordProgress.bind(deps.tasks);
    deps.tasks.recordProgress = async (id: string) => {
      const current = deps.tasks.tasks.get(id);
      if (current) current.status = 'cancelled';
      return original(id);
    };
    deps.progressSeconds = 0;

    const state = await convertTask(deps, { taskId: task.id });

    expect(state.taskId).toBe(task.id);
    expect(deps.tasks.progressWrites).toBeGreaterThan(0);
    expect(deps.store.objects.has(storeKeys.result(task.storeID, 'xml'))).toBe(false);
    expect((await deps.tasks.get(task.id))?.results).toEqual({});
  });

  it('writes the records converted so far while it converts', async () => {
    // Prepare
    const rows = Array.from({ length: 200_000 }, (_, i) => `${i},x\n`).join('');
    const { deps, task } = await setUp({ source: { upload: true }, from: 'csv', to: 'xml' }, `a,b\n${rows}`);
    const written: (number | undefined)[] = [];
    const original = deps.tasks.recordProgress.bind(deps.tasks);
    deps.tasks.recordProgress = async (id, counters) => {
      written.push(counters?.records);
      return original(id, counters);
    };
    deps.progressSeconds = 0;

    // Act
    await convertTask(deps, { taskId: task.id });

    // Assess
    expect(written.some((records) => records !== undefined && records > 0 && records < 200_000)).toBe(true);
    expect(written).toEqual([...written].sort((a, b) => (a ?? 0) - (b ?? 0)));
    expect((await deps.tasks.get(task.id))?.records).toBe(200_000);
  });

  it('stops a long download of the source when the task is cancelled', async () => {
    const { deps, task } = await setUp({ source: { url: 'https://example.com/big.csv' }, to: 'json' });
    let aborted = false;
    deps.download = async (url, options) => ({
      url,
      status: 200,
      contentType: 'text/csv',
      headers: {},
      body: (async function* () {
        yield Buffer.from('a,b\n');
        while (!options?.signal?.aborted) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          yield Buffer.from('1,2\n');
        }
        aborted = true;
        throw new Error('aborted');
      })(),
    });
    deps.progressSeconds = 0.05;
    setTimeout(() => {
      const current = deps.tasks.tasks.get(task.id);
      if (current) current.status = 'cancelled';
    }, 150);

    const state = await convertTask(deps, { taskId: task.id });

    expect(state).toEqual({ taskId: task.id, storeID: task.storeID });
    expect(aborted).toBe(true);
    expect(deps.store.objects.has(storeKeys.result(task.storeID, 'json'))).toBe(false);
  });

  /** A URL source answering windows-1252 bytes, labelled so in its Content-Type. */
  const windows1252: Download = async (url) => ({
    url,
    status: 200,
    contentType: 'text/csv; charset=windows-1252',
    headers: {},
    body: (async function* () {
      yield Buffer.from('name,city\nJos\xe9,Z\xfcrich \x80\n', 'latin1');
    })(),
  });

  it('reads a URL source in the charset its Content-Type names', async () => {
    const { deps, task } = await setUp({ source: { url: 'https://example.com/data' }, to: 'json' });
    deps.download = windows1252;

    await convertTask(deps, { taskId: task.id });

    const file = deps.store.objects.get(storeKeys.result(task.storeID, 'json'));
    expect(JSON.parse(file?.body.toString() ?? '')).toEqual([{ name: 'José', city: 'Zürich €' }]);
  });

  it('reads a URL source in options.encoding when it is given, whatever the Content-Type says', async () => {
    const { deps, task } = await setUp({
      source: { url: 'https://example.com/data' },
      to: 'json',
      options: { encoding: 'utf-8' },
    });
    deps.download = windows1252;
    await expect(convertTask(deps, { taskId: task.id })).rejects.toThrow(/not valid utf-8 text/);
  });

  it('does nothing for a task that is no longer running', async () => {
    const { deps, task } = await setUp(
      { source: { upload: true }, to: 'json' },
      'a\n1\n',
      newTask({ status: 'cancelled' }),
    );
    await convertTask(deps, { taskId: task.id });
    expect(deps.store.objects.has(storeKeys.result(task.storeID, 'json'))).toBe(false);
  });
});

describe('megabytes', () => {
  it('is 2^20 bytes, two decimals', () => {
    expect(megabytes(0)).toBe(0);
    expect(megabytes(1024 * 1024)).toBe(1);
    expect(megabytes(1_572_864)).toBe(1.5);
    expect(megabytes(123_456)).toBe(0.12);
  });
});

describe('assertConversionReady', () => {
  it('answers 409 until the upload has arrived', async () => {
    const { deps, task } = await setUp(
      { source: { upload: true }, to: 'json' },
      undefined,
      newTask({ status: 'initialized' }),
    );
    const error = await assertConversionReady(deps, task).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      statusCode: 409,
      message: expect.stringContaining('upload has not arrived'),
    });
    await deps.store.putText(storeKeys.upload(task.storeID), 'a\n1\n');
    await expect(assertConversionReady(deps, task)).resolves.toBeUndefined();
  });

  it('answers 409 while the source extraction has no results', async () => {
    const extraction = newTask({ type: 'extraction', status: 'running' });
    const { deps, task } = await setUp(
      { source: { taskId: extraction.id }, to: 'csv' },
      undefined,
      newTask({ status: 'initialized' }),
    );
    await deps.tasks.create(extraction);
    await expect(assertConversionReady(deps, task)).rejects.toMatchObject({
      statusCode: 409,
      message: 'The source task is running and has no results to convert yet',
    });
  });
});

describe('prepareConversion', () => {
  const parse = (scheme: unknown) => conversionSchemeSchema.parse(scheme);

  it("is a 404 for another account's source task, and a 400 for a conversion as source", async () => {
    const tasks = new MemoryTasks();
    const theirs = newTask({ type: 'extraction', account: 'other', status: 'completed' });
    const conversion = newTask({ status: 'completed' });
    await tasks.create(theirs);
    await tasks.create(conversion);
    await expect(
      prepareConversion({ tasks }, 'acme', parse({ source: { taskId: theirs.id }, to: 'csv' }), false),
    ).rejects.toMatchObject({ statusCode: 404 });
    await expect(
      prepareConversion({ tasks }, 'acme', parse({ source: { taskId: conversion.id }, to: 'csv' }), false),
    ).rejects.toMatchObject({
      statusCode: 400,
      extra: {
        details: [{ path: 'scheme.source.taskId', reason: 'The source task must be an extraction task' }],
      },
    });
  });

  it('refuses run: true while the source extraction has no results', async () => {
    const tasks = new MemoryTasks();
    const extraction = newTask({ type: 'extraction', status: 'running' });
    await tasks.create(extraction);
    await expect(
      prepareConversion({ tasks }, 'acme', parse({ source: { taskId: extraction.id }, to: 'csv' }), true),
    ).rejects.toMatchObject({
      statusCode: 400,
      extra: { details: [expect.objectContaining({ path: 'run' })] },
    });
    await expect(
      prepareConversion({ tasks }, 'acme', parse({ source: { taskId: extraction.id }, to: 'csv' }), false),
    ).resolves.toEqual({ from: 'json' });
  });

  it('takes the input format from the source task or the URL for option checks', async () => {
    const tasks = new MemoryTasks();
    const extraction = newTask({ type: 'extraction', format: 'csv', status: 'completed' });
    await tasks.create(extraction);
    await expect(
      prepareConversion(
        { tasks },
        'acme',
        parse({ source: { taskId: extraction.id }, to: 'json', options: { delimiter: ',' } }),
        true,
      ),
    ).resolves.toEqual({ from: 'csv' });
    await expect(
      prepareConversion(
        { tasks },
        'acme',
        parse({ source: { url: 'https://x.org/a.xml' }, to: 'json', options: { sheet: 1 } }),
        false,
      ),
    ).rejects.toMatchObject({
      extra: { details: [{ path: 'scheme.options.sheet', reason: 'sheet applies to excel input, not xml' }] },
    });
  });
});
