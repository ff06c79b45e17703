import { type ClientOptions, endpointCalls } from './calls.ts';
import { type ConvertFileOptions, convertFile } from './convert.ts';
import { type DownloadOptions, download } from './download.ts';
import type { ExtractionScheme } from './types.ts';
import { type RunAndWaitOptions, runAndWait, type WaitForTaskOptions, waitForTask } from './wait.ts';

export type { paths } from './api-types.ts';
export type { ClientOptions, WaitOptions } from './calls.ts';
export type { ConvertFileOptions } from './convert.ts';
export type { DownloadOptions } from './download.ts';
export { DfkApiError, DfkTaskError, type ErrorDetail } from './errors.ts';
export * from './types.ts';
export type { RunAndWaitOptions, WaitForTaskOptions } from './wait.ts';
export {
  type VerifyWebhookOptions,
  verifyWebhook,
  type WebhookHeaders,
  WebhookVerificationError,
} from './webhooks.ts';

/** A client of the Tasks API: every endpoint typed from its OpenAPI document, and the steps around them. */
export function createClient(options: ClientOptions) {
  const calls = endpointCalls(options);
  return {
    ...calls,
    /** Creates and runs an extraction, resolving with the task once it has ended. */
    runAndWait: (scheme: ExtractionScheme, opts?: RunAndWaitOptions) => runAndWait(calls, scheme, opts),
    /** Resolves with the task once it has ended. */
    waitForTask: (id: string, opts?: WaitForTaskOptions) => waitForTask(calls, id, opts),
    /** The task's results as a Node Readable. */
    download: (id: string, opts?: DownloadOptions) => download(calls, id, opts),
    /** Uploads, converts and streams back a local file. */
    convertFile: (path: string, opts: ConvertFileOptions) => convertFile(calls, path, opts),
  };
}

export type DfkClient = ReturnType<typeof createClient>;
