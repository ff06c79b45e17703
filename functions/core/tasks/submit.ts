import type { ConversionScheme } from '#conversion/scheme';
import type { ExtractionScheme } from '#extraction/scheme';
import { prepareConversion } from '../conversions/prepare.ts';
import { type UploadLink, uploadLink } from '../conversions/upload.ts';
import type { ResultFormat, Task } from '../task.ts';
import { prepareTaskWebhook, type Subscription, type UrlCheck } from '../webhooks/endpoints.ts';
import { createTask } from './create.ts';
import type { TaskDeps } from './deps.ts';

/** A validated `create` body. */
export type Submission = { run: boolean; webhook?: Subscription | undefined } & (
  | { type: 'extraction'; scheme: ExtractionScheme }
  | { type: 'conversion'; scheme: ConversionScheme }
);

export interface Submitted {
  task: Task;
  /** A conversion of an upload: where to PUT the file. */
  upload?: UploadLink;
  /** The task's own webhook secret, shown once. */
  webhookSecret?: string;
}

/** What a valid scheme may still ask that this build cannot do: a 400 on its path; its output format. */
async function checkScheme(deps: TaskDeps, account: string, submission: Submission): Promise<ResultFormat> {
  if (submission.type === 'conversion') {
    await prepareConversion(deps, account, submission.scheme, submission.run);
    return submission.scheme.to;
  }
  return submission.scheme.format ?? 'json';
}

/**
 * `create`: checks what the schema cannot (sources, options, the webhook URL), creates the task
 * with the scheme exactly as submitted (running it when asked), and hands out what is shown once.
 */
export async function submitTask(
  deps: TaskDeps & { checkWebhookUrl: UrlCheck; linkTtlSeconds: number },
  account: string,
  submission: Submission,
  submittedScheme: Record<string, unknown>,
): Promise<Submitted> {
  const format = await checkScheme(deps, account, submission);
  const webhook = submission.webhook && (await prepareTaskWebhook(deps.checkWebhookUrl, submission.webhook));
  const task = await createTask(deps, {
    account,
    type: submission.type,
    renderer:
      submission.type === 'extraction' && submission.scheme.request.type === 'chrome' ? 'chrome' : undefined,
    scheme: submittedScheme,
    format,
    run: submission.run,
    webhook,
  });
  const upload =
    submission.type === 'conversion' && submission.scheme.source.upload
      ? await uploadLink(deps.store, task, deps.linkTtlSeconds)
      : undefined;
  return { task, upload, webhookSecret: webhook?.secret };
}
