/** The HTTP API: each endpoint is one function; its routes (POST and GET aliases) share it. */
export interface Endpoint {
  /** Construct id of the function, e.g. `RunTask`. */
  id: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  routes: readonly string[];
  /** Whether the function starts executions of the task lifecycle. */
  startsExecutions?: boolean;
  /** Whether the function needs write access to the task's store (S3). */
  writesStore?: boolean;
  /** Whether the function writes the table (Put/Update/DeleteItem); every function reads it. */
  writesTable?: boolean;
  /** Whether the function reads the task's store (S3); implied by `writesStore`. */
  readsStore?: boolean;
  /** Answers without an API key (the API description): no table access at all. */
  public?: boolean;
  /** Whether the function announces task transitions (starts webhook deliveries). */
  emitsEvents?: boolean;
  /** Whether the function invokes the ExportFormat function (results in another format). */
  invokesExporter?: boolean;
}

export const ENDPOINTS: readonly Endpoint[] = [
  {
    id: 'CreateTask',
    entry: 'functions/api/create-task.ts',
    routes: ['POST /v1/tasks/create'],
    startsExecutions: true,
    emitsEvents: true,
    writesStore: true,
    writesTable: true,
  },
  {
    id: 'RunTask',
    entry: 'functions/api/run-task.ts',
    routes: ['POST /v1/tasks/{id}/run'],
    startsExecutions: true,
    // A conversion runs only once its upload is there (HEAD on the store).
    readsStore: true,
    emitsEvents: true,
    writesTable: true,
  },
  {
    id: 'CancelTask',
    entry: 'functions/api/cancel-task.ts',
    routes: ['POST /v1/tasks/{id}/cancel'],
    writesTable: true,
    emitsEvents: true,
  },
  {
    id: 'GetTask',
    entry: 'functions/api/get-task.ts',
    routes: ['POST /v1/tasks/{id}/info', 'GET /v1/tasks/{id}/info', 'GET /v1/tasks/{id}'],
  },
  {
    id: 'DeleteTask',
    entry: 'functions/api/delete-task.ts',
    routes: ['DELETE /v1/tasks/{id}'],
    writesStore: true,
    writesTable: true,
  },
  { id: 'ListTasks', entry: 'functions/api/list-tasks.ts', routes: ['POST /v1/tasks', 'GET /v1/tasks'] },
  {
    id: 'GetScheme',
    entry: 'functions/api/get-scheme.ts',
    routes: ['POST /v1/tasks/{id}/scheme', 'GET /v1/tasks/{id}/scheme'],
    readsStore: true,
  },
  {
    id: 'GetStore',
    entry: 'functions/api/get-store.ts',
    routes: ['POST /v1/tasks/{id}/store', 'GET /v1/tasks/{id}/store'],
    // Presigned links are signed with its own role; another format is written by ExportFormat.
    readsStore: true,
    invokesExporter: true,
  },
  { id: 'GetOpenApi', entry: 'functions/api/get-openapi.ts', routes: ['GET /v1/openapi.json'], public: true },
  {
    id: 'CreateWebhook',
    entry: 'functions/api/create-webhook.ts',
    routes: ['POST /v1/webhooks'],
    writesTable: true,
  },
  { id: 'ListWebhooks', entry: 'functions/api/list-webhooks.ts', routes: ['GET /v1/webhooks'] },
  {
    id: 'DeleteWebhook',
    entry: 'functions/api/delete-webhook.ts',
    routes: ['DELETE /v1/webhooks/{id}'],
    writesTable: true,
  },
  {
    id: 'ListDeliveries',
    entry: 'functions/api/list-deliveries.ts',
    routes: ['GET /v1/webhooks/{id}/deliveries'],
  },
];

/** The steps of the TaskLifecycle state machine, one function each. */
export const WORKFLOW_STEPS = {
  start: { id: 'StartTaskStep', entry: 'functions/workflow/start-task.ts' },
  extractBatch: { id: 'ExtractBatchStep', entry: 'functions/workflow/extract-batch.ts' },
  export: { id: 'ExportResultsStep', entry: 'functions/workflow/export-results.ts' },
  convert: { id: 'ConvertFileStep', entry: 'functions/workflow/convert-file.ts' },
  finish: { id: 'FinishTaskStep', entry: 'functions/workflow/finish-task.ts' },
  fail: { id: 'FailTaskStep', entry: 'functions/workflow/fail-task.ts' },
} as const;

/**
 * The function GetStore invokes (RequestResponse) for a format not generated yet: the conversion
 * engine's writers live there, not in the API function. Not a state machine step.
 */
export const EXPORT_FORMAT = { id: 'ExportFormat', entry: 'functions/workflow/export-format.ts' } as const;
