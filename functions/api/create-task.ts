// HTTP → authenticate → validate body (webhook URL through the SSRF guard) → core.createTask (→ runTask when run: true) → 201 task (+ webhookSecret)
import { badRequest } from '#core/errors';
import { apiHandler } from '#core/http';
import { executions, taskRepository, taskStore } from '#core/services';
import { toTaskView } from '#core/task';
import { createTask } from '#core/tasks/create';
import { assertWritable } from '#core/tasks/formats';
import { parseOrThrow } from '#core/validation';
import { prepareTaskWebhook } from '#core/webhooks/endpoints';
import { taskEvents, webhookRepository, webhookUrlCheck } from '#core/webhooks/services';
import { unsupportedFeatures } from '#extraction/scheme';
import { createTaskBody } from './schemas.ts';

const deps = {
  tasks: taskRepository(),
  store: taskStore(),
  executions: executions(),
  events: taskEvents(),
  webhooks: webhookRepository(),
};
const checkUrl = webhookUrlCheck();

export const handler = apiHandler(async ({ account, body }) => {
  const input = parseOrThrow(createTaskBody, body ?? {});
  const unsupported = unsupportedFeatures(input.scheme).map((issue) => ({
    ...issue,
    path: `scheme.${issue.path}`,
  }));
  const format = input.scheme.format ?? 'json';
  assertWritable(format, 'scheme.format');
  if (unsupported.length > 0) throw badRequest(`Unsupported scheme: ${unsupported[0]?.reason}`, unsupported);
  const webhook = input.webhook && (await prepareTaskWebhook(checkUrl, input.webhook));
  const task = await createTask(deps, {
    account,
    type: input.type,
    scheme: (body as { scheme: Record<string, unknown> }).scheme,
    format,
    run: input.run,
    webhook,
  });
  // The task's webhook secret is shown here only.
  return { status: 201, body: { ...toTaskView(task), ...(webhook && { webhookSecret: webhook.secret }) } };
});
