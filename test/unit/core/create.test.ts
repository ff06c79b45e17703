import { describe, expect, it } from 'vitest';
import { conversionSchemeSchema } from '#conversion/scheme';
import { payloadId } from '#core/canonical-json';
import { ID_PATTERN } from '#core/ids';
import { storeKeys } from '#core/store-keys';
import { createTask } from '#core/tasks/create';
import { type Submission, submitTask } from '#core/tasks/submit';
import type { UrlCheck } from '#core/webhooks/endpoints';
import { extractionSchemeSchema } from '#extraction/scheme';
import { apiErrorOf } from './api-error-of.ts';
import { EXTRACTION_SCHEME, type MemoryDeps, memoryDeps, seedExtraction } from './memory-adapters.ts';

const anyUrl: UrlCheck = async () => null;

const submitDeps = (deps: MemoryDeps, checkWebhookUrl: UrlCheck = anyUrl) => ({
  ...deps,
  checkWebhookUrl,
  linkTtlSeconds: 600,
});

/** A create body as the handler hands it on: the validated submission and the scheme as sent. */
function extraction(scheme: Record<string, unknown>, extra: Partial<Submission> = {}) {
  const submission: Submission = {
    run: false,
    ...extra,
    type: 'extraction',
    scheme: extractionSchemeSchema.parse(scheme),
  };
  return [submission, scheme] as const;
}

function conversion(scheme: Record<string, unknown>, run = false) {
  const submission: Submission = { run, type: 'conversion', scheme: conversionSchemeSchema.parse(scheme) };
  return [submission, scheme] as const;
}

/** Tasks and stored objects, to tell that a refused create left nothing behind. */
const footprint = (deps: MemoryDeps) => ({
  tasks: deps.tasks.tasks.size,
  objects: deps.store.objects.size,
  webhooks: deps.webhooks.endpoints.size,
});

describe('createTask', () => {
  it('creates an initialized task with fresh ids, the scheme’s payloadID and the scheme stored as sent', async () => {
    // Prepare
    const deps = memoryDeps();
    const scheme = {
      name: 'n',
      request: { url: 'https://example.com/' },
      zeta: 1,
      alpha: [2, { b: 1, a: 0 }],
    };
    const before = Date.now();

    // Act
    const task = await createTask(deps, {
      account: 'acme',
      type: 'extraction',
      scheme,
      format: 'csv',
      run: false,
    });

    // Assess
    expect(task.id).toMatch(ID_PATTERN);
    expect(task.storeID).toMatch(ID_PATTERN);
    expect(task.storeID).not.toBe(task.id);
    expect(task).toMatchObject({
      account: 'acme',
      type: 'extraction',
      format: 'csv',
      status: 'initialized',
      requests: 0,
      failedRequests: 0,
      fileSize: 0,
      records: 0,
      startTime: null,
      endTime: null,
      error: null,
      results: {},
      settled: false,
    });
    expect(task.payloadID).toBe(
      payloadId({ alpha: [2, { a: 0, b: 1 }], name: 'n', request: { url: 'https://example.com/' }, zeta: 1 }),
    );
    expect(task.payloadID).toMatch(/^[0-9a-f]{32}$/);
    expect(Date.parse(task.createdAt)).toBeGreaterThanOrEqual(before);
    expect(await deps.tasks.get(task.id)).toEqual(task);
    expect(await deps.store.getJson(storeKeys.scheme(task.storeID))).toEqual(scheme);
    expect(deps.executions.calls).toEqual([]);
    expect(deps.events.emitted).toEqual([]);
  });

  it('gives two tasks of the same scheme the same payloadID and different ids and stores', async () => {
    // Prepare
    const deps = memoryDeps();
    const input = { account: 'acme', type: 'extraction' as const, format: 'json' as const, run: false };

    // Act
    const one = await createTask(deps, { ...input, scheme: { a: 1, b: 2 } });
    const two = await createTask(deps, { ...input, scheme: { b: 2, a: 1 } });

    // Assess
    expect(two.payloadID).toBe(one.payloadID);
    expect(two.id).not.toBe(one.id);
    expect(two.storeID).not.toBe(one.storeID);
  });

  it('with run, returns the task queued, its execution started and task.queued announced', async () => {
    // Prepare
    const deps = memoryDeps();

    // Act
    const task = await createTask(deps, {
      account: 'acme',
      type: 'extraction',
      scheme: { ...EXTRACTION_SCHEME },
      format: 'json',
      run: true,
    });

    // Assess
    expect(task.status).toBe('queued');
    expect((await deps.tasks.get(task.id))?.status).toBe('queued');
    expect(deps.executions.started).toEqual([task.id]);
    expect(deps.events.types).toEqual(['task.queued']);
  });

  it('keeps the task’s own webhook under the task’s id, with its secret', async () => {
    // Prepare
    const deps = memoryDeps();
    const webhook = {
      url: 'https://hooks.example.com/t',
      events: ['task.completed' as const],
      secret: 'whsec_x',
    };

    // Act
    const task = await createTask(deps, {
      account: 'acme',
      type: 'extraction',
      scheme: { ...EXTRACTION_SCHEME },
      format: 'json',
      run: false,
      webhook,
    });

    // Assess
    expect(await deps.webhooks.get(task.id)).toMatchObject({
      id: task.id,
      taskId: task.id,
      account: 'acme',
      url: webhook.url,
      events: ['task.completed'],
      secret: 'whsec_x',
      disabled: false,
    });
    // a task's own webhook is not one of the account's
    expect(await deps.webhooks.listForAccount('acme')).toEqual([]);
  });

  it('creates no task when its webhook cannot be stored: a task never exists without it', async () => {
    // Prepare
    const deps = memoryDeps();
    deps.webhooks.create = async () => {
      throw new Error('DynamoDB unavailable');
    };
    const webhook = {
      url: 'https://hooks.example.com/t',
      events: ['task.completed' as const],
      secret: 'whsec_x',
    };

    // Act
    const created = createTask(deps, {
      account: 'acme',
      type: 'extraction',
      scheme: { ...EXTRACTION_SCHEME },
      format: 'json',
      run: true,
      webhook,
    });

    // Assess
    await expect(created).rejects.toThrow('DynamoDB unavailable');
    expect(deps.tasks.tasks.size).toBe(0);
    expect(deps.executions.calls).toEqual([]);
  });
});

describe('submitTask', () => {
  it('creates an extraction in the scheme’s format, json when it names none', async () => {
    // Prepare
    const deps = memoryDeps();

    // Act
    const csv = await submitTask(
      submitDeps(deps),
      'acme',
      ...extraction({ ...EXTRACTION_SCHEME, format: 'csv' }),
    );
    const json = await submitTask(submitDeps(deps), 'acme', ...extraction({ ...EXTRACTION_SCHEME }));

    // Assess
    expect(csv.task).toMatchObject({ format: 'csv', status: 'initialized', type: 'extraction' });
    expect(json.task.format).toBe('json');
    expect(csv.upload).toBeUndefined();
    expect(csv.webhookSecret).toBeUndefined();
  });

  it('marks a chrome extraction for the browser step, and a base one for none', async () => {
    // Prepare
    const deps = memoryDeps();
    const chrome = { ...EXTRACTION_SCHEME, request: { url: 'https://example.com/', type: 'chrome' } };

    // Act
    const rendered = await submitTask(submitDeps(deps), 'acme', ...extraction(chrome, { run: true }));
    const plain = await submitTask(submitDeps(deps), 'acme', ...extraction({ ...EXTRACTION_SCHEME }));

    // Assess
    expect(rendered.task).toMatchObject({ renderer: 'chrome', status: 'queued' });
    expect((await deps.tasks.get(rendered.task.id))?.renderer).toBe('chrome');
    expect(plain.task.renderer).toBeUndefined();
    expect(deps.executions.calls).toHaveLength(1);
  });

  it('hands out the upload link of a conversion of an upload, valid for the configured time', async () => {
    // Prepare
    const deps = memoryDeps();
    const before = Date.now();

    // Act
    const submitted = await submitTask(
      submitDeps(deps),
      'acme',
      ...conversion({ source: { upload: true }, from: 'csv', to: 'excel' }),
    );

    // Assess
    const { task, upload } = submitted;
    expect(task).toMatchObject({ type: 'conversion', format: 'excel', status: 'initialized' });
    const key = storeKeys.upload(task.storeID);
    expect(upload?.url).toBe(`memory://${key}?put`);
    expect(deps.store.presigned).toEqual([{ method: 'PUT', key, options: { expiresInSeconds: 600 } }]);
    const expires = Date.parse(`${upload?.expiresAt}Z`);
    expect(expires).toBeGreaterThanOrEqual(Math.floor((before + 600_000) / 1000) * 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 600_000);
  });

  it('refuses run with an upload that cannot have arrived: a 400 on run, no task', async () => {
    // Prepare
    const deps = memoryDeps();

    // Act
    const error = await apiErrorOf(
      submitTask(
        submitDeps(deps),
        'acme',
        ...conversion({ source: { upload: true }, from: 'csv', to: 'json' }, true),
      ),
    );

    // Assess
    expect(error.statusCode).toBe(400);
    expect(error.extra.details).toEqual([expect.objectContaining({ path: 'run' })]);
    expect(footprint(deps)).toEqual({ tasks: 0, objects: 0, webhooks: 0 });
  });

  it('refuses a conversion of another account’s task with a 404, and of a conversion with a 400', async () => {
    // Prepare
    const deps = memoryDeps();
    const theirs = await seedExtraction(deps, { account: 'globex', status: 'completed', settled: true });
    const converted = await seedExtraction(deps, { type: 'conversion', status: 'completed', settled: true });
    const before = footprint(deps);

    // Act
    const missing = await apiErrorOf(
      submitTask(submitDeps(deps), 'acme', ...conversion({ source: { taskId: theirs.id }, to: 'csv' })),
    );
    const wrongType = await apiErrorOf(
      submitTask(submitDeps(deps), 'acme', ...conversion({ source: { taskId: converted.id }, to: 'csv' })),
    );

    // Assess
    expect(missing).toMatchObject({ statusCode: 404, message: 'Source task not found' });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.extra.details).toEqual([expect.objectContaining({ path: 'scheme.source.taskId' })]);
    expect(footprint(deps)).toEqual(before);
  });

  it('runs a conversion of a finished extraction at once when asked', async () => {
    // Prepare
    const deps = memoryDeps();
    const source = await seedExtraction(deps, { status: 'completed', settled: true, records: 2 });

    // Act
    const { task } = await submitTask(
      submitDeps(deps),
      'acme',
      ...conversion({ source: { taskId: source.id }, to: 'csv' }, true),
    );

    // Assess
    expect(task.status).toBe('queued');
    expect(deps.executions.started).toEqual([task.id]);
  });

  it('gives a task webhook its whsec_ secret once, stored with the subscribed events', async () => {
    // Prepare
    const deps = memoryDeps();
    const webhook = {
      url: 'https://hooks.example.com/one',
      events: ['task.queued' as const, 'task.completed' as const],
    };

    // Act
    const submitted = await submitTask(
      submitDeps(deps),
      'acme',
      ...extraction({ ...EXTRACTION_SCHEME }, { run: true, webhook }),
    );

    // Assess
    expect(submitted.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(await deps.webhooks.get(submitted.task.id)).toMatchObject({
      taskId: submitted.task.id,
      url: webhook.url,
      events: webhook.events,
      secret: submitted.webhookSecret,
    });
    // stored before the run, so the run's own task.queued already finds it
    expect(deps.events.types).toEqual(['task.queued']);
  });

  it('refuses a webhook URL the check rejects with a 400 on webhook.url, and creates no task', async () => {
    // Prepare
    const deps = memoryDeps();
    const private10: UrlCheck = async (url) => (url.includes('10.0.0.1') ? 'a private address' : null);
    const webhook = { url: 'http://10.0.0.1/hook', events: ['task.completed' as const] };

    // Act
    const error = await apiErrorOf(
      submitTask(
        submitDeps(deps, private10),
        'acme',
        ...extraction({ ...EXTRACTION_SCHEME }, { run: true, webhook }),
      ),
    );

    // Assess
    expect(error).toMatchObject({ statusCode: 400, code: 'bad_request' });
    expect(error.extra.details).toEqual([{ path: 'webhook.url', reason: 'a private address' }]);
    expect(footprint(deps)).toEqual({ tasks: 0, objects: 0, webhooks: 0 });
    expect(deps.executions.calls).toEqual([]);
  });
});
