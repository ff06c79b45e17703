/**
 * The HTTP API: each endpoint is one function; each of its routes (POST and GET aliases) is one
 * operation, by its operationId.
 */
export const API_ROUTES = {
  CreateTask: { 'POST /v1/tasks/create': 'CreateTask' },
  RunTask: { 'POST /v1/tasks/{id}/run': 'RunTask' },
  CancelTask: { 'POST /v1/tasks/{id}/cancel': 'CancelTask' },
  GetTask: {
    'POST /v1/tasks/{id}/info': 'GetTaskInfoPost',
    'GET /v1/tasks/{id}/info': 'GetTaskInfo',
    'GET /v1/tasks/{id}': 'GetTask',
  },
  DeleteTask: { 'DELETE /v1/tasks/{id}': 'DeleteTask' },
  ListTasks: { 'POST /v1/tasks': 'ListTasksPost', 'GET /v1/tasks': 'ListTasks' },
  GetScheme: { 'POST /v1/tasks/{id}/scheme': 'GetSchemePost', 'GET /v1/tasks/{id}/scheme': 'GetScheme' },
  GetStore: { 'POST /v1/tasks/{id}/store': 'GetStorePost', 'GET /v1/tasks/{id}/store': 'GetStore' },
  GetOpenApi: { 'GET /v1/openapi.json': 'GetOpenApi' },
  CreateWebhook: { 'POST /v1/webhooks': 'CreateWebhook' },
  ListWebhooks: { 'GET /v1/webhooks': 'ListWebhooks' },
  DeleteWebhook: { 'DELETE /v1/webhooks/{id}': 'DeleteWebhook' },
  ListDeliveries: { 'GET /v1/webhooks/{id}/deliveries': 'ListDeliveries' },
} as const satisfies Record<string, Record<`${HttpMethod} /v1${string}`, string>>;

export type HttpMethod = 'GET' | 'POST' | 'DELETE';
export type EndpointId = keyof typeof API_ROUTES;

export interface Operation {
  endpointId: EndpointId;
  operationId: string;
  method: HttpMethod;
  /** With `{id}` placeholders, as API Gateway's route keys have it. */
  path: string;
}

/** Every route of every endpoint, in the table's order. */
export function operations(): Operation[] {
  return (Object.entries(API_ROUTES) as [EndpointId, Record<string, string>][]).flatMap(
    ([endpointId, routes]) =>
      Object.entries(routes).map(([route, operationId]) => {
        const [method, path] = route.split(' ') as [HttpMethod, string];
        return { endpointId, operationId, method, path };
      }),
  );
}

/** The routes of one endpoint, as API Gateway's route keys (`POST /v1/tasks/{id}/run`). */
export const routesOf = (id: EndpointId): string[] => Object.keys(API_ROUTES[id]);
