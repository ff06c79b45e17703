// HTTP → authenticate → validate body → core.submitTask (checks, create, run when asked) → 201 task (+ upload link, + webhookSecret)
import { apiHandler } from '#core/http';
import { apiKeys } from '#core/services/api-keys';
import { executions } from '#core/services/executions';
import { taskStore } from '#core/services/store';
import { taskEvents } from '#core/services/task-events';
import { taskRepository } from '#core/services/tasks';
import { webhookUrlCheck } from '#core/services/webhook-url-check';
import { webhookRepository } from '#core/services/webhooks';
import { toTaskView } from '#core/task';
import { submitTask } from '#core/tasks/submit';
import { parseOrThrow } from '#core/validation';
import { createBodyFor } from './task-bodies.ts';

const deps = {
  tasks: taskRepository(),
  store: taskStore(),
  executions: executions(),
  events: taskEvents(),
  webhooks: webhookRepository(),
  checkWebhookUrl: webhookUrlCheck(),
};

export const handler = apiHandler({ authenticate: apiKeys() }, async ({ account, body }) => {
  const submission = parseOrThrow(createBodyFor(body), body ?? {});
  const submittedScheme = (body as { scheme: Record<string, unknown> }).scheme;
  const { task, upload, webhookSecret } = await submitTask(deps, account, submission, submittedScheme);
  return {
    status: 201,
    body: { ...toTaskView(task), ...(upload && { upload }), ...(webhookSecret && { webhookSecret }) },
  };
});
