// HTTP → authenticate → validate body (webhook URL through the SSRF guard) → core.createTask (→ runTask when run: true) → 201 task (+ webhookSecret, + upload link)
import { prepareConversion } from '#core/conversions/prepare';
import { uploadLink } from '#core/conversions/upload';
import { badRequest } from '#core/errors';
import { apiHandler } from '#core/http';
import { executions, taskRepository, taskStore } from '#core/services';
import type { ResultFormat } from '#core/task';
import { toTaskView } from '#core/task';
import { createTask } from '#core/tasks/create';
import { assertWritable } from '#core/tasks/formats';
import { parseOrThrow } from '#core/validation';
import { prepareTaskWebhook } from '#core/webhooks/endpoints';
import { taskEvents, webhookRepository, webhookUrlCheck } from '#core/webhooks/services';
import { unsupportedFeatures } from '#extraction/scheme';
import { createBodyFor } from './schemas.ts';

const deps = {
  tasks: taskRepository(),
  store: taskStore(),
  executions: executions(),
  events: taskEvents(),
  webhooks: webhookRepository(),
};
const checkUrl = webhookUrlCheck();

export const handler = apiHandler(async ({ account, body }) => {
  const input = parseOrThrow(createBodyFor(body), body ?? {});
  let format: ResultFormat;
  if (input.type === 'conversion') {
    await prepareConversion(deps, account, input.scheme, input.run);
    format = input.scheme.to;
  } else {
    const unsupported = unsupportedFeatures(input.scheme).map((issue) => ({
      ...issue,
      path: `scheme.${issue.path}`,
    }));
    format = input.scheme.format ?? 'json';
    assertWritable(format, 'scheme.format');
    if (unsupported.length > 0)
      throw badRequest(`Unsupported scheme: ${unsupported[0]?.reason}`, unsupported);
  }
  const webhook = input.webhook && (await prepareTaskWebhook(checkUrl, input.webhook));
  const task = await createTask(deps, {
    account,
    type: input.type,
    scheme: (body as { scheme: Record<string, unknown> }).scheme,
    format,
    run: input.run,
    webhook,
  });
  const upload =
    input.type === 'conversion' && input.scheme.source.upload && (await uploadLink(deps.store, task));
  // The task's webhook secret is shown here only.
  return {
    status: 201,
    body: {
      ...toTaskView(task),
      ...(upload && { upload }),
      ...(webhook && { webhookSecret: webhook.secret }),
    },
  };
});
