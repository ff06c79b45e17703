/**
 * A representative event for every function of the stack, by its `dfk:entry`, and the order that
 * gives each one the state it would meet in a deployment: an API function gets the API Gateway
 * HTTP API payload 2.0 event of one of its routes (the local gateway's own `buildEvent`, the key
 * in `x-api-key`), a workflow or delivery step the state its state machine passes it.
 *
 *   const outcomes = await invokeSamples({ runtime, template, siteUrl, webhookUrl });
 *
 * One extraction task lives through the whole lifecycle (create, start, extract, export, finish,
 * store link, another format), a conversion of its results converts and then fails, a third task
 * is cancelled and deleted, an account webhook gets one delivery. Each function is invoked once
 * with its sample (`runtime.functions.invokeById`); the few extra tasks are made by CreateTask once
 * its own sample has run, so no function starts a container it would not have started anyway.
 *
 * Nothing here starts an execution: a task is queued (and a conversion started) by a conditional
 * write of the tasks' own repository, as RunTask and the Start step make it, because a real run
 * would have the state machine invoke the steps itself, outside the samples. For the same reason
 * the account webhook is created after the last event of the scenario, so no delivery runs behind
 * the Deliver sample's back.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DynamoDbTaskRepository } from '#adapters/aws/dynamodb-task-repository';
import { type TaskView, toTaskView } from '#core/task';
import type { DeliveryExecutionState } from '#core/webhooks/deliver';
import { eventBody, messageIdOf } from '#core/webhooks/events';
import { RETRY_SCHEDULE } from '#core/webhooks/schedule';
import type { CfnTemplate } from '#infra/template';
import { LOCAL_CREDENTIALS } from '#local/emulators';
import { buildEvent } from '#local/http-api';
import { LOCAL_ACCOUNT_NAME, type LocalRuntime } from '#local/runtime';
import { LOCAL_REGION, readFunctions, readRoutes } from '#local/template';
import { booksScheme } from './books.ts';

/**
 * The names of the project's own error classes (`functions/core/errors.ts`, the extraction and
 * conversion engines): a step may end with one of these for a sample input, as a domain outcome.
 * Anything else (`Runtime.*`, `Sandbox.*`, TypeError, ReferenceError, a ZodError) is a crash.
 */
export const PROJECT_ERROR_NAMES: readonly string[] = [
  'ApiError',
  'TaskFailed',
  'FetchError',
  'FirstPageError',
  'AddressRefusedError',
  'ConversionStopped',
  'MalformedInputError',
];

interface TaskRef {
  id: string;
  storeID: string;
}

/** What the scenario learns as it goes: ids the later samples refer to. */
interface Scenario {
  apiKey: string;
  /** `127.0.0.1:<port>` of the local API, as the gateway's Host header. */
  host: string;
  siteUrl: string;
  webhookUrl: string;
  /** The extraction task that goes through the lifecycle. */
  extraction?: TaskRef;
  /** A conversion of the extraction's results. */
  conversion?: TaskRef;
  /** A task that is cancelled, then deleted. */
  doomed?: TaskRef;
  webhookId?: string;
  /** The extraction as its completion event shows it. */
  completed?: TaskView;
  /** The delivery state after the Deliver sample's attempt. */
  delivered?: DeliveryExecutionState;
  /** Tasks' repository on the local table, for the transitions RunTask and Start would make. */
  tasks: DynamoDbTaskRepository;
  /** Invokes a function by its entry (the extra creates, after the function's own sample). */
  invoke(entry: string, event: unknown): Promise<unknown>;
}

interface ApiSample {
  kind: 'api';
  entry: string;
  /** One of the function's route keys in the template. */
  routeKey: string;
  path(s: Scenario): string;
  query?: string;
  body?(s: Scenario): unknown;
  /** What the function answers when it works; a different answer means the sample went stale. */
  expectedStatus: number;
  /** Learns from the response body. */
  record?(body: unknown, s: Scenario): void;
  /** Runs before the event is built. */
  prepare?(s: Scenario): Promise<void>;
}

interface StepSample {
  kind: 'step';
  entry: string;
  event(s: Scenario): unknown;
  record?(result: unknown, s: Scenario): void;
  prepare?(s: Scenario): Promise<void>;
}

export type Sample = ApiSample | StepSample;

class SampleUnavailable extends Error {
  override readonly name = 'SampleUnavailable';
}

const need = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new SampleUnavailable(`no ${what}: an earlier sample did not give one`);
  return value;
};

const taskRef = (body: unknown): TaskRef => {
  const { id, storeID } = body as Partial<TaskRef>;
  if (typeof id !== 'string' || typeof storeID !== 'string') throw new Error('The answer names no task');
  return { id, storeID };
};

/** The lifecycle state the Start step returns for a task that proceeds. */
const lifecycleState = (task: TaskRef, type: 'extraction' | 'conversion') => ({
  taskId: task.id,
  storeID: task.storeID,
  type,
  proceed: true,
});

/** The extraction of the contract's example scheme, on the local bookshop. */
const extractionBody = (s: Scenario) => ({
  type: 'extraction',
  scheme: booksScheme({ startUrl: s.siteUrl }, { format: 'csv' }),
  run: false,
});

const CREATE_TASK = 'functions/api/create-task.ts';

/** Creates another task through CreateTask (warm by then: its own sample ran first). */
async function createAnother(s: Scenario, body: unknown): Promise<TaskRef> {
  const result = (await s.invoke(
    CREATE_TASK,
    apiEvent(s, { routeKey: 'POST /v1/tasks/create', path: '/v1/tasks/create', body }),
  )) as APIGatewayProxyStructuredResultV2;
  if (result.statusCode !== 201) throw new Error(`create answered ${result.statusCode}: ${result.body}`);
  return taskRef(JSON.parse(result.body ?? '{}'));
}

/** initialized → queued, the write RunTask makes before it starts the execution. */
async function queue(s: Scenario, task: TaskRef): Promise<void> {
  if (!(await s.tasks.transition(task.id, 'queued'))) throw new Error(`Task ${task.id} could not be queued`);
}

/** The samples, in the order they run. */
export const SAMPLES: readonly Sample[] = [
  {
    kind: 'api',
    entry: 'functions/api/get-openapi.ts',
    routeKey: 'GET /v1/openapi.json',
    path: () => '/v1/openapi.json',
    expectedStatus: 200,
  },
  {
    kind: 'api',
    entry: 'functions/console/serve.ts',
    routeKey: 'GET /console',
    path: () => '/console',
    expectedStatus: 200,
  },
  {
    kind: 'api',
    entry: CREATE_TASK,
    routeKey: 'POST /v1/tasks/create',
    path: () => '/v1/tasks/create',
    body: extractionBody,
    expectedStatus: 201,
    record: (body, s) => {
      s.extraction = taskRef(body);
    },
  },
  {
    kind: 'api',
    entry: 'functions/api/get-task.ts',
    routeKey: 'GET /v1/tasks/{id}',
    path: (s) => `/v1/tasks/${need(s.extraction, 'task').id}`,
    expectedStatus: 200,
  },
  {
    kind: 'api',
    entry: 'functions/api/get-scheme.ts',
    routeKey: 'POST /v1/tasks/{id}/scheme',
    path: (s) => `/v1/tasks/${need(s.extraction, 'task').id}/scheme`,
    expectedStatus: 200,
  },
  {
    kind: 'api',
    entry: 'functions/api/list-tasks.ts',
    routeKey: 'GET /v1/tasks',
    path: () => '/v1/tasks',
    query: 'limit=10&order=desc',
    expectedStatus: 200,
  },
  {
    kind: 'step',
    entry: 'functions/workflow/start-task.ts',
    prepare: (s) => queue(s, need(s.extraction, 'task')),
    // The execution's input, as RunTask starts it.
    event: (s) => ({ taskId: need(s.extraction, 'task').id }),
  },
  {
    // The task is running by now: a repeated run answers it and starts nothing.
    kind: 'api',
    entry: 'functions/api/run-task.ts',
    routeKey: 'POST /v1/tasks/{id}/run',
    path: (s) => `/v1/tasks/${need(s.extraction, 'task').id}/run`,
    expectedStatus: 200,
  },
  {
    kind: 'step',
    entry: 'functions/workflow/extract-batch.ts',
    event: (s) => lifecycleState(need(s.extraction, 'task'), 'extraction'),
  },
  {
    kind: 'step',
    entry: 'functions/workflow/export-results.ts',
    event: (s) => ({ ...lifecycleState(need(s.extraction, 'task'), 'extraction'), batch: 1, done: true }),
  },
  {
    kind: 'step',
    entry: 'functions/workflow/finish-task.ts',
    event: (s) => ({ ...lifecycleState(need(s.extraction, 'task'), 'extraction'), batch: 1, done: true }),
  },
  {
    // The task has finished: the browser step answers done without launching its browser.
    kind: 'step',
    entry: 'functions/workflow/extract-chrome-batch.ts',
    event: (s) => ({ ...lifecycleState(need(s.extraction, 'task'), 'extraction'), renderer: 'chrome' }),
  },
  {
    kind: 'api',
    entry: 'functions/api/get-store.ts',
    routeKey: 'POST /v1/tasks/{id}/store',
    path: (s) => `/v1/tasks/${need(s.extraction, 'task').id}/store`,
    expectedStatus: 200,
  },
  {
    kind: 'step',
    entry: 'functions/workflow/export-format.ts',
    // What GetStore invokes it with for `store?format=json` on the finished extraction: its results
    // are csv, so this one writes them in another format (csv would return the file already there).
    event: (s) => ({ taskId: need(s.extraction, 'task').id, format: 'json' }),
  },
  {
    kind: 'step',
    entry: 'functions/workflow/convert-file.ts',
    // A conversion of the extraction's results to JSON, started as the Start step starts it.
    prepare: async (s) => {
      const source = need(s.extraction, 'task');
      const conversion = await createAnother(s, {
        type: 'conversion',
        scheme: { source: { taskId: source.id }, from: 'csv', to: 'json' },
      });
      await queue(s, conversion);
      if (
        !(await s.tasks.transition(conversion.id, 'running', { set: { startTime: isoSeconds(new Date()) } }))
      )
        throw new Error(`Conversion ${conversion.id} could not be started`);
      s.conversion = conversion;
    },
    event: (s) => lifecycleState(need(s.conversion, 'conversion'), 'conversion'),
  },
  {
    kind: 'step',
    entry: 'functions/workflow/fail-task.ts',
    // What the Catch of a failing step passes: the state, and the error at `$.failure`.
    event: (s) => ({
      ...lifecycleState(need(s.conversion, 'conversion'), 'conversion'),
      failure: {
        Error: 'TaskFailed',
        Cause: JSON.stringify({
          errorType: 'TaskFailed',
          errorMessage: 'The input is csv: line 3 has 4 fields where the header has 5',
          trace: [],
        }),
      },
    }),
  },
  {
    kind: 'api',
    entry: 'functions/api/cancel-task.ts',
    routeKey: 'POST /v1/tasks/{id}/cancel',
    prepare: async (s) => {
      s.doomed = await createAnother(s, extractionBody(s));
    },
    path: (s) => `/v1/tasks/${need(s.doomed, 'task to cancel').id}/cancel`,
    expectedStatus: 200,
  },
  {
    kind: 'api',
    entry: 'functions/api/delete-task.ts',
    routeKey: 'DELETE /v1/tasks/{id}',
    path: (s) => `/v1/tasks/${need(s.doomed, 'task to delete').id}`,
    expectedStatus: 204,
  },
  {
    kind: 'api',
    entry: 'functions/api/create-webhook.ts',
    routeKey: 'POST /v1/webhooks',
    path: () => '/v1/webhooks',
    body: (s) => ({ url: s.webhookUrl, events: ['task.completed', 'task.error'] }),
    expectedStatus: 201,
    record: (body, s) => {
      s.webhookId = (body as { id?: string }).id;
    },
  },
  {
    kind: 'api',
    entry: 'functions/api/list-webhooks.ts',
    routeKey: 'GET /v1/webhooks',
    path: () => '/v1/webhooks',
    expectedStatus: 200,
  },
  {
    kind: 'step',
    entry: 'functions/webhooks/deliver.ts',
    // The input the finished extraction's delivery execution gets, after `Plan the retries`.
    prepare: async (s) => {
      const task = await s.tasks.get(need(s.extraction, 'task').id);
      if (task) s.completed = toTaskView(task);
    },
    event: (s) => deliveryState(s),
    record: (result, s) => {
      s.delivered = result as DeliveryExecutionState;
    },
  },
  {
    kind: 'step',
    entry: 'functions/webhooks/record-failure.ts',
    // The last attempt failed and no retry is left: the state Deliver returns then.
    event: (s) => ({
      ...(s.delivered ?? deliveryState(s)),
      attempt: RETRY_SCHEDULE.delaysSeconds.length + 1,
      outcome: 'failed',
      reason: `No success after ${RETRY_SCHEDULE.delaysSeconds.length + 1} attempts`,
    }),
  },
  {
    kind: 'api',
    entry: 'functions/api/list-deliveries.ts',
    routeKey: 'GET /v1/webhooks/{id}/deliveries',
    path: (s) => `/v1/webhooks/${need(s.webhookId, 'webhook')}/deliveries`,
    query: 'limit=20',
    expectedStatus: 200,
  },
  {
    kind: 'api',
    entry: 'functions/api/delete-webhook.ts',
    routeKey: 'DELETE /v1/webhooks/{id}',
    path: (s) => `/v1/webhooks/${need(s.webhookId, 'webhook')}`,
    expectedStatus: 204,
  },
];

function deliveryState(s: Scenario): DeliveryExecutionState {
  const task = need(s.extraction, 'task');
  const endpointId = need(s.webhookId, 'webhook');
  const view = need(s.completed, 'completed task');
  return {
    delivery: {
      webhookId: messageIdOf(task.id, 'task.completed', endpointId),
      endpointId,
      account: LOCAL_ACCOUNT_NAME,
      taskId: task.id,
      event: 'task.completed',
      body: eventBody('task.completed', view, new Date()),
    },
    schedule: { delaysSeconds: [...RETRY_SCHEDULE.delaysSeconds], jitter: RETRY_SCHEDULE.jitter },
  };
}

/** The contract's time format: UTC, no zone suffix. */
const isoSeconds = (date: Date) => date.toISOString().slice(0, 19);

/** The payload 2.0 event the local gateway builds for this request (`x-api-key` carries the key). */
function apiEvent(
  s: Pick<Scenario, 'apiKey' | 'host'>,
  request: { routeKey: string; path: string; query?: string | undefined; body?: unknown },
) {
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(request.body));
  const routePath = request.routeKey.split(' ')[1] ?? '';
  return buildEvent({
    method: request.routeKey.split(' ')[0] ?? 'GET',
    url: request.query ? `${request.path}?${request.query}` : request.path,
    headers: {
      host: s.host,
      'user-agent': 'dfk-sample-events',
      accept: 'application/json',
      'x-api-key': s.apiKey,
      ...(body.length > 0
        ? { 'content-type': 'application/json', 'content-length': String(body.length) }
        : {}),
    },
    body,
    sourceIp: '127.0.0.1',
    routeKey: request.routeKey,
    pathParameters: pathParametersOf(routePath, request.path),
    requestId: randomUUID(),
    now: new Date(),
    localPort: Number(s.host.split(':')[1]),
  });
}

/** `{id}` of `/v1/tasks/{id}` in `/v1/tasks/abc`. */
function pathParametersOf(routePath: string, path: string): Record<string, string> {
  const pattern = routePath.split('/');
  const actual = path.split('/');
  const parameters: Record<string, string> = {};
  pattern.forEach((segment, i) => {
    if (segment.startsWith('{') && segment.endsWith('}')) parameters[segment.slice(1, -1)] = actual[i] ?? '';
  });
  return parameters;
}

export interface SampleOutcome {
  logicalId: string;
  entry: string;
  kind: Sample['kind'];
  /** The event it was invoked with (undefined when it could not be built). */
  event?: unknown;
  /** Milliseconds of the invocation (a first one includes its cold start). */
  ms: number;
  result?: unknown;
  /** The invocation's error as Lambda reports it (`name` is its `errorType`). */
  error?: { name: string; message: string };
  /** For API functions: the answer's status, and the one the sample expects. */
  statusCode?: number;
  expectedStatus?: number;
}

export interface SampleOptions {
  runtime: Pick<LocalRuntime, 'apiKey' | 'endpoints' | 'tableName' | 'functions'>;
  template: CfnTemplate;
  /** The first page of a bookshop on 127.0.0.1 (`startFixtureSite`). */
  siteUrl: string;
  /** A receiver on 127.0.0.1 that answers 2xx (`startWebhookReceiver`). */
  webhookUrl: string;
}

/** The entries of the functions that have a sample. */
export const sampleEntries = () => SAMPLES.map((sample) => sample.entry);

/**
 * Invokes every function of the template that has a sample, once, in the samples' order, and
 * returns how each invocation went. It throws only when a sample names a function or route the
 * template does not have; a sample whose state could not be made is an outcome (`SampleUnavailable`).
 */
export async function invokeSamples(options: SampleOptions): Promise<SampleOutcome[]> {
  const functions = readFunctions(options.template);
  const routes = readRoutes(options.template);
  const idOf = (entry: string) => {
    const fn = functions.find((candidate) => candidate.entry === entry);
    if (!fn) throw new Error(`The template has no function for ${entry}`);
    return fn.logicalId;
  };
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: options.runtime.endpoints.dynamodb,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    }),
  );
  const scenario: Scenario = {
    apiKey: options.runtime.apiKey,
    host: new URL(options.runtime.endpoints.api).host,
    siteUrl: options.siteUrl,
    webhookUrl: options.webhookUrl,
    tasks: new DynamoDbTaskRepository(documents, options.runtime.tableName),
    invoke: (entry, event) => options.runtime.functions.invokeById(idOf(entry), event),
  };
  const outcomes: SampleOutcome[] = [];
  try {
    for (const sample of SAMPLES) {
      const logicalId = idOf(sample.entry);
      if (sample.kind === 'api') {
        const route = routes.find((r) => r.routeKey === sample.routeKey);
        if (route?.functionId !== logicalId)
          throw new Error(`${sample.entry}: the template routes ${sample.routeKey} elsewhere`);
      }
      const outcome: SampleOutcome = { logicalId, entry: sample.entry, kind: sample.kind, ms: 0 };
      outcomes.push(outcome);
      try {
        await sample.prepare?.(scenario);
        outcome.event =
          sample.kind === 'api'
            ? apiEvent(scenario, {
                routeKey: sample.routeKey,
                path: sample.path(scenario),
                query: sample.query,
                body: sample.body?.(scenario),
              })
            : sample.event(scenario);
      } catch (error) {
        // Not the function's failure: the state its sample needs could not be made.
        const message = error instanceof SampleUnavailable ? error.message : `preparation failed: ${error}`;
        outcome.error = { name: 'SampleUnavailable', message };
        continue;
      }
      const started = performance.now();
      try {
        outcome.result = await options.runtime.functions.invokeById(logicalId, outcome.event);
      } catch (error) {
        outcome.error = { name: (error as Error).name, message: (error as Error).message };
      }
      outcome.ms = performance.now() - started;
      if (outcome.error) continue;
      if (sample.kind === 'api') {
        const result = outcome.result as APIGatewayProxyStructuredResultV2;
        outcome.statusCode = result?.statusCode;
        outcome.expectedStatus = sample.expectedStatus;
        if (result?.statusCode === sample.expectedStatus)
          sample.record?.(result.body ? JSON.parse(result.body) : undefined, scenario);
      } else {
        sample.record?.(outcome.result, scenario);
      }
    }
  } finally {
    documents.destroy();
  }
  return outcomes;
}

/**
 * Why an outcome counts as a failure of the artifact, or null when it worked: an error that is
 * not one of the project's own (for an API function, any error: its handler answers every one),
 * or an answer of 500 or more.
 */
export function failureOf(outcome: SampleOutcome): string | null {
  const { error } = outcome;
  if (error) {
    const allowed = outcome.kind === 'step' && PROJECT_ERROR_NAMES.includes(error.name);
    return allowed ? null : `${error.name}: ${error.message}`;
  }
  if (outcome.kind === 'api' && !(typeof outcome.statusCode === 'number' && outcome.statusCode < 500))
    return `answered ${outcome.statusCode}: ${bodyOf(outcome.result)}`;
  return null;
}

/** The body of an API function's answer, for messages. */
export const bodyOf = (result: unknown) =>
  String((result as APIGatewayProxyStructuredResultV2 | undefined)?.body ?? '').slice(0, 500);
