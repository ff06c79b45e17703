import createFetchClient, { type Client } from 'openapi-fetch';
import type { paths } from './api-types.ts';
import { DfkApiError } from './errors.ts';
import { pages } from './pages.ts';
import type {
  CreatedTask,
  CreatedWebhookEndpoint,
  CreateTaskBody,
  CreateWebhookBody,
  DeliveryAttempt,
  ListTasksQuery,
  StoreLink,
  StoreOptions,
  StoreQuery,
  Task,
  WebhookEndpoint,
} from './types.ts';

export interface ClientOptions {
  /** The API's base URL, as `npm start` prints it (`http://127.0.0.1:8080/v1`) or as `cdk deploy` outputs it (no `/v1`). */
  baseUrl: string;
  apiKey: string;
}

/** Options of a call that may hold its answer: `wait` seconds (0 to 25), and a signal to give up. */
export interface WaitOptions {
  wait?: number;
  signal?: AbortSignal;
}

type Answer = { data?: unknown; error?: unknown; response: Response };
/** The success member's data of openapi-fetch's answer union. */
type Data<R> = R extends { data: infer D } ? D : never;

/** The data of a 2xx answer; any other answer throws its DfkApiError. */
async function ok<R extends Answer>(pending: Promise<R>): Promise<{ data: Data<R>; response: Response }> {
  const result = await pending;
  if (result.error !== undefined || !result.response.ok)
    throw DfkApiError.from(result.response, result.error);
  return { data: result.data as Data<R>, response: result.response };
}

/** The origin the routes (`/v1/…`) hang from, whichever of the two spellings `baseUrl` has. */
export const originOf = (baseUrl: string) => baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');

const waitQuery = (options: WaitOptions) =>
  options.wait === undefined ? undefined : { wait: String(options.wait) };

/** `store`'s options as its query: lists joined with commas, booleans as `true`/`false`. */
export function storeQuery({ fields, omit, flatten, bom, ...rest }: StoreOptions): StoreQuery {
  const list = (names: string | readonly string[]) => (typeof names === 'string' ? names : names.join(','));
  const flag = (value: boolean | 'true' | 'false' | '1' | '0') =>
    typeof value === 'boolean' ? (String(value) as 'true' | 'false') : value;
  return {
    ...rest,
    ...(fields !== undefined && { fields: list(fields) }),
    ...(omit !== undefined && { omit: list(omit) }),
    ...(flatten !== undefined && { flatten: flag(flatten) }),
    ...(bom !== undefined && { bom: flag(bom) }),
  };
}

/** The endpoints of the contract, one call each, typed by the OpenAPI document. */
export function endpointCalls(options: ClientOptions) {
  // The key goes in a header, not the URL: it stays out of access logs and error messages.
  const raw: Client<paths> = createFetchClient<paths>({
    baseUrl: originOf(options.baseUrl),
    headers: { 'X-Api-Key': options.apiKey },
  });
  const path = (id: string) => ({ path: { id } });

  return {
    /** The openapi-fetch client itself, for calls not wrapped here. */
    raw,
    create: async (body: CreateTaskBody): Promise<CreatedTask> =>
      (await ok(raw.POST('/v1/tasks/create', { body }))).data,
    run: async (id: string, options: WaitOptions = {}): Promise<Task> =>
      (
        await ok(
          raw.POST('/v1/tasks/{id}/run', {
            params: { ...path(id), query: waitQuery(options) },
            signal: options.signal,
          }),
        )
      ).data,
    info: async (id: string, options: WaitOptions = {}): Promise<Task> =>
      (
        await ok(
          raw.GET('/v1/tasks/{id}/info', {
            params: { ...path(id), query: waitQuery(options) },
            signal: options.signal,
          }),
        )
      ).data,
    cancel: async (id: string): Promise<Task> =>
      (await ok(raw.POST('/v1/tasks/{id}/cancel', { params: path(id) }))).data,
    delete: async (id: string): Promise<void> => {
      await ok(raw.DELETE('/v1/tasks/{id}', { params: path(id) }));
    },
    scheme: async (id: string) => (await ok(raw.GET('/v1/tasks/{id}/scheme', { params: path(id) }))).data,
    store: async (id: string, options: StoreOptions = {}): Promise<StoreLink> =>
      (await ok(raw.GET('/v1/tasks/{id}/store', { params: { ...path(id), query: storeQuery(options) } })))
        .data,
    /** Every task of the account (or those of `status`), page after page as the `Link` headers announce. */
    tasks: (query: ListTasksQuery = {}): AsyncGenerator<Task> =>
      pages(query.cursor, async (cursor) => {
        const { data, response } = await ok(
          raw.GET('/v1/tasks', { params: { query: { ...query, cursor } } }),
        );
        return { items: data, link: response.headers.get('link') };
      }),
    webhooks: {
      create: async (body: CreateWebhookBody): Promise<CreatedWebhookEndpoint> =>
        (await ok(raw.POST('/v1/webhooks', { body }))).data,
      list: async (): Promise<WebhookEndpoint[]> => (await ok(raw.GET('/v1/webhooks'))).data,
      delete: async (id: string): Promise<void> => {
        await ok(raw.DELETE('/v1/webhooks/{id}', { params: path(id) }));
      },
      /** The delivery log of an endpoint (or of a task's own webhook, by the task id), newest first. */
      deliveries: (id: string, query: { limit?: number } = {}): AsyncGenerator<DeliveryAttempt> =>
        pages(undefined, async (cursor) => {
          const { data, response } = await ok(
            raw.GET('/v1/webhooks/{id}/deliveries', { params: { ...path(id), query: { ...query, cursor } } }),
          );
          return { items: data, link: response.headers.get('link') };
        }),
    },
  };
}

export type EndpointCalls = ReturnType<typeof endpointCalls>;
