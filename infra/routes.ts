import { API_ROUTES, type EndpointId, routesOf } from '#contract/routes';

/** What the stack adds to an endpoint of the contract: its function's handler and grants. */
interface EndpointFunction {
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
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
  /** Whether the function seals and opens next-page cursors (reads the cursor key). */
  readsCursorKey?: boolean;
}

/** The HTTP API: each endpoint is one function; its routes (POST and GET aliases) share it. */
export interface Endpoint extends EndpointFunction {
  /** Construct id of the function, e.g. `RunTask`. */
  id: EndpointId;
  /** API Gateway route keys, from the contract's route table. */
  routes: readonly string[];
}

const FUNCTIONS: Record<EndpointId, EndpointFunction> = {
  CreateTask: {
    entry: 'functions/api/create-task.ts',
    startsExecutions: true,
    emitsEvents: true,
    writesStore: true,
    writesTable: true,
  },
  RunTask: {
    entry: 'functions/api/run-task.ts',
    startsExecutions: true,
    // A conversion runs only once its upload is there (HEAD on the store).
    readsStore: true,
    emitsEvents: true,
    writesTable: true,
  },
  CancelTask: {
    entry: 'functions/api/cancel-task.ts',
    writesTable: true,
    emitsEvents: true,
    // A queued task's lifecycle is started again, so a lost execution still settles it.
    startsExecutions: true,
  },
  GetTask: { entry: 'functions/api/get-task.ts' },
  DeleteTask: { entry: 'functions/api/delete-task.ts', writesStore: true, writesTable: true },
  ListTasks: { entry: 'functions/api/list-tasks.ts', readsCursorKey: true },
  GetScheme: { entry: 'functions/api/get-scheme.ts', readsStore: true },
  GetStore: {
    entry: 'functions/api/get-store.ts',
    // Presigned links are signed with its own role; another format is written by ExportFormat.
    readsStore: true,
    invokesExporter: true,
  },
  GetOpenApi: { entry: 'functions/api/get-openapi.ts', public: true },
  CreateWebhook: { entry: 'functions/api/create-webhook.ts', writesTable: true },
  ListWebhooks: { entry: 'functions/api/list-webhooks.ts' },
  DeleteWebhook: { entry: 'functions/api/delete-webhook.ts', writesTable: true },
  ListDeliveries: { entry: 'functions/api/list-deliveries.ts', readsCursorKey: true },
};

export const ENDPOINTS: readonly Endpoint[] = (Object.keys(API_ROUTES) as EndpointId[]).map((id) => ({
  id,
  routes: routesOf(id),
  ...FUNCTIONS[id],
}));

/** The steps of the TaskLifecycle state machine, one function each. */
export const WORKFLOW_STEPS = {
  start: { id: 'StartTaskStep', entry: 'functions/workflow/start-task.ts' },
  extractBatch: { id: 'ExtractBatchStep', entry: 'functions/workflow/extract-batch.ts' },
  extractChromeBatch: { id: 'ExtractChromeBatchStep', entry: 'functions/workflow/extract-chrome-batch.ts' },
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

/**
 * The web console: its page and assets on the same HTTP API, from one function with no access to
 * data (the page calls the API with the key the user enters). Not a route of the JSON API's contract.
 */
export const CONSOLE = {
  id: 'Console',
  entry: 'functions/console/serve.ts',
  routes: ['GET /console', 'GET /console/{asset+}'],
} as const;
